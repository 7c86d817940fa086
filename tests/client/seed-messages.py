#!/usr/bin/python3
"""Fills a running plaza-server for the Messages screenshots.

Usage: seed-messages.py SERVER_URL

Runs seed-discover.py's filling first (operators, listings, the consumer
nomsa@plaza.test), then has the consumer ask about four listings through
POST /api/v1/listings/{id}/inquiries and the operators answer, as people
would. The first conversation is left with an unread answer.
"""
import importlib.util
import os
import sys
import uuid

import plaza_seed as seed

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("seed_discover", os.path.join(HERE, "seed-discover.py"))
discover = importlib.util.module_from_spec(spec)
spec.loader.exec_module(discover)

# (listing title, operator email, [(who, text)]) — who: "c" consumer, "o" operator.
CHATS = [
    ("SUV and bakkie deep clean", "sparkle@plaza.test", [
        ("c", "Hi, is this available on Saturday morning? It's a Fortuner with a lot of dog hair inside."),
        ("o", "Hi Nomsa! Yes, Saturday works. Dog hair is no problem, we bring a pet-hair tool."),
        ("c", "Great. Do you need water or power at my place?"),
        ("o", "No, we bring both. It takes about three hours."),
        ("c", "Perfect, thank you!"),
        ("o", "Shall I come at 8:30? I can send you a booking link."),
    ]),
    ("Fortnightly garden service", "greenleaf@plaza.test", [
        ("c", "Hi, is this available? The garden is about 350 m²."),
        ("o", "Hello! Yes, we have a Thursday slot every second week."),
    ]),
    ("Grade 10–12 maths lessons", "brightminds@plaza.test", [
        ("c", "Do you do online lessons for grade 11?"),
        ("o", "I do, on Tuesdays and Thursdays after 4pm."),
        ("c", "Thursday suits us. See you then."),
    ]),
    ("Pool cleaning and balancing", "greenleaf@plaza.test", [
        ("c", "Hi, is this available this week?"),
    ]),
]


def send(url, token, conversation_id, text):
    seed.call(url, "POST", f"/api/v1/conversations/{conversation_id}/messages",
              {"body": text, "client_id": "seed-" + uuid.uuid4().hex}, token)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    url = sys.argv[1].rstrip("/")
    sys.argv = [sys.argv[0], url]
    discover.main()
    consumer = seed.sign_in(url, discover.CONSUMER, discover.PASSWORD)
    operators = {email: seed.sign_in(url, email, discover.PASSWORD) for email, *_ in discover.OPERATORS}
    listings = {}
    for token in operators.values():
        for listing in seed.call(url, "GET", "/api/v1/me/listings", token=token)["listings"]:
            listings[listing["title"]] = listing["id"]

    # Oldest first, so that the first chat is the latest activity.
    for title, operator, lines in reversed(CHATS):
        who, first = lines[0]
        answer = seed.call(url, "POST", f"/api/v1/listings/{listings[title]}/inquiries",
                           {"body": first, "client_id": "seed-" + uuid.uuid4().hex}, consumer)
        conversation = answer["conversation"]["id"]
        for who, text in lines[1:]:
            if who == "o":
                # The consumer has read what came before the operator answers.
                seed.call(url, "POST", f"/api/v1/conversations/{conversation}/read", token=operators[operator])
            send(url, consumer if who == "c" else operators[operator], conversation, text)
            if who == "c":
                seed.call(url, "POST", f"/api/v1/conversations/{conversation}/read", token=consumer)
    print(f"{len(CHATS)} conversations; consumer {discover.CONSUMER} {discover.PASSWORD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
