#!/usr/bin/python3
"""Fills a running plaza-server with operators and listings for screenshots.

Usage: seed-discover.py SERVER_URL

Signs up three operators and a consumer (nomsa@plaza.test / a long and fine
password) through the API, creates listings in several categories with
illustrated photos, publishes them, and saves two of them for the consumer.
Prints the consumer's email and password on the last line.
"""
import sys

import plaza_seed as seed

PASSWORD = "a long and fine password"
CONSUMER = "nomsa@plaza.test"

JHB = (-26.2041, 28.0473)
CPT = (-33.9249, 18.4241)
DBN = (-29.8587, 31.0218)
PTA = (-25.7479, 28.2293)

OPERATORS = [
    ("sparkle@plaza.test", "Sipho Mahlangu", "Sparkle Mobile Valet", JHB),
    ("greenleaf@plaza.test", "Lerato Molefe", "Greenleaf Gardens", CPT),
    ("brightminds@plaza.test", "Anele Ndlovu", "Bright Minds Tutoring", DBN),
]

# (operator index, category id, title, description, price in rand, pricing, attributes, place,
#  scene[:variant], photos)
LISTINGS = [
    (0, 10, "Express exterior wash",
     "A quick, careful exterior wash and dry in 30 minutes. Ideal before work.",
     150, "fixed", {"vehicle_size": "small", "mobile": True, "interior": False, "duration_min": 30},
     ("Rosebank", -26.1456, 28.0436), "car", 2),
    (0, 10, "SUV and bakkie deep clean",
     "Seats shampooed, carpets extracted, dashboard and vents detailed. For big vehicles.",
     790, "fixed", {"vehicle_size": "suv", "mobile": True, "interior": True, "duration_min": 180},
     ("Midrand", -25.9992, 28.1263), "car", 2),
    (0, 2, "Weekly home cleaning, 3 bedrooms",
     "Two cleaners for a whole morning: floors, bathrooms, kitchen and ironing.",
     85, "hourly", {"property_type": "house", "bedrooms": 3, "eco_products": True, "supplies_included": True},
     ("Randburg", -26.0936, 28.0064), "home", 2),
    (0, 3, "After-hours office cleaning",
     "Desks, kitchens and bathrooms cleaned after your team leaves. Monthly contracts.",
     2400, "per_project", {"property_type": "office", "eco_products": False, "supplies_included": True},
     ("Pretoria East", -25.7863, 28.3119), "home", 1),
    (1, 20, "Fortnightly garden service",
     "Mowing, edging, weeding and beds tidied every second week. Refuse taken away.",
     380, "fixed", {"garden_size_m2": 400, "refuse_removal": True, "own_tools": True},
     ("Constantia", -34.0250, 18.4600), "garden", 3),
    (1, 21, "Water-wise garden makeover",
     "Indigenous plants, drip irrigation and mulch: a garden that survives the summer.",
     12500, "per_project", {"garden_size_m2": 150, "refuse_removal": True, "own_tools": True},
     ("Stellenbosch", -33.9321, 18.8602), "garden", 2),
    (1, 22, "Pool cleaning and balancing",
     "Vacuum, skim, brush and water test with chemicals balanced on every visit.",
     320, "fixed", {"garden_size_m2": 20, "refuse_removal": False, "own_tools": True},
     ("Durbanville", -33.8326, 18.6480), "pool", 2),
    (2, 30, "Grade 10–12 maths lessons",
     "Patient, exam-focused maths tutoring by a qualified teacher. Past papers included.",
     300, "hourly", {"subject": "mathematics", "grade_from": 10, "grade_to": 12, "online": True},
     ("Umhlanga", -29.7257, 31.0848), "tutor:0", 2),
    (2, 30, "Physical science for matric",
     "Mechanics, electricity and chemistry made clear, online or at your home.",
     320, "hourly", {"subject": "physical science", "grade_from": 11, "grade_to": 12, "online": True},
     ("Durban North", -29.7936, 31.0379), "tutor:1", 1),
    (2, 30, "isiZulu conversation for beginners",
     "Learn to greet, shop and chat in isiZulu in eight relaxed lessons.",
     1800, "per_project", {"subject": "isizulu", "grade_from": 1, "grade_to": 12, "online": True},
     ("Berea", -29.8500, 31.0000), "tutor:2", 1),
    (0, 41, "Burst geyser and leak call-outs",
     "Registered plumber, 24/7 for emergencies. Geysers, leaks and blocked drains.",
     650, "fixed", {"trade": "plumbing", "emergency": True, "certified": True},
     ("Fourways", -26.0167, 28.0117), "repair", 2),
    (1, 70, "Bakkie and two helpers",
     "Small moves and deliveries across the Peninsula. Blankets and straps included.",
     450, "hourly", {"vehicle": "bakkie", "helpers": 2},
     ("Cape Town CBD", -33.9249, 18.4241), "moving", 1),
    (2, 50, "Braids and cornrows at home",
     "Knotless braids, cornrows and twists in the comfort of your home.",
     550, "negotiable", {"service": "braiding", "home_visits": True, "duration_min": 240},
     ("Westville", -29.8333, 30.9333), "beauty", 1),
    (0, 10, "Full valet at your door",
     "Hand wash, wax and a thorough interior clean wherever your car is parked. "
     "We bring water, power and eco-friendly products.",
     450, "fixed", {"vehicle_size": "sedan", "mobile": True, "interior": True, "duration_min": 90},
     ("Sandton", -26.1076, 28.0567), "car", 3),
]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    url = sys.argv[1].rstrip("/")
    tokens = []
    for email, name, business, (lat, lng) in OPERATORS:
        token = seed.sign_up(url, email, PASSWORD, name)
        seed.become_operator(url, token, business, lat, lng)
        tokens.append(token)

    ids = []
    for n, (op, category, title, text, rand, pricing, attrs, place, scene, photos) in enumerate(LISTINGS):
        city, lat, lng = place
        listing = {
            "category_id": category, "title": title, "description": text,
            "price": {"amount_minor": rand * 100, "currency": "ZAR"}, "pricing_type": pricing,
            "attributes": attrs,
            "location": {"lat": lat, "lng": lng, "city": city, "country": "ZA"},
        }
        kind, _, variant = scene.partition(":")
        pngs = [seed.photo_png(kind, seed=n * 10 + k, variant=int(variant) if variant else None)
                for k in range(photos)]
        ids.append(seed.create_listing(url, tokens[op], listing, pngs))

    consumer = seed.sign_up(url, CONSUMER, PASSWORD, "Nomsa Khumalo")
    for listing_id in (ids[-1], ids[4]):
        seed.call(url, "PUT", f"/api/v1/listings/{listing_id}/favorite", token=consumer)
    print(f"{len(ids)} listings; consumer {CONSUMER} {PASSWORD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
