/* plz-contact-rules.c — the rules the contact detector runs on normalised
 * text: requests, app invitations, off-platform deals and payment, handles,
 * email cues and links */
#include "plz-contact-private.h"

#include <string.h>

/* Rules run on the normalised text (lower-case ASCII, one space between
 * words, apostrophes gone). */

#define WB "(?<![a-z0-9])"
#define WE "(?![a-z0-9])"

#define WA "(?:wh?at+(?:s ?)?a+p+s?|whts?a?p+|w/a(?:pp?)?|wapp|wa)"
#define APP_STRONG \
  "(?:wh?at+(?:s ?)?a+p+s?|whts?a?p+|w/app?|wapp|tele ?gram|insta ?gram|insta|face ?book|fbook" \
  "|messenger|tik ?tok|snap ?chat|skype|discord|wechat|viber|linked ?in|twitter)"
#define APP_ANY "(?:" APP_STRONG "|wa|w/a|tg|ig|fb|signal|snap|the gram)"
#define QUAL "(?:(?:personal|private|own|direct|real|best|other|work|home|business) )?"
#define NOUN \
  "(?:(?:(?:cell ?phone|cell|cel|phone|mobile|contact|whatsapp|wa|landline|tel(?:ephone)?" \
  "|sel(?:foon)?|foon) )?(?:number|numbers|no|nr|num|numbr|nmbr|numba|nomba|namba|numero|nommer" \
  "|digits)" WE \
  "|e-?mail(?: address| addy)?" WE "|mail address" WE "|addy" WE "|e-?pos(?: adres)?" WE \
  "|cell ?(?:phone)?" WE "|phone" WE "|mobile" WE "|selnommer" WE "|selfoon" WE "|landline" WE \
  "|inamba" WE "|inombolo" WE "|contact (?:details|info|number)" WE "|contacts" WE "|socials" WE \
  "|handle" WE "|deets" WE "|" APP_ANY WE ")"
#define PLATFORM "(?:app|plaza|platform|site)"
#define PAY_APP \
  "(?:paypal(?:[.]me)?|pay ?shap|snap ?scan|zapper|e-?wallet|cash ?send|instant money|mukuru" \
  "|mama money|hello ?paisa|venmo|cash ?app|revolut|m-?pesa|yoco|speed ?point|capitec pay|payfast" \
  "|ozow|money ?gram|western union|shoprite money|pay ?pal|pay link)"
#define NOT_IN_APP "(?! (?:here|in|through|via|on|using|with) (?:the |this )?(?:app|plaza|platform|chat))"

/* One rule: a pattern (matched only where a word starts), the kind it finds
 * (r request, c "call me", a app, o off platform, p payment) and its
 * confidence in hundredths. At one position the first rule that matches wins. */
typedef struct
{
  const char *pattern;
  char        kind;
  guint8      confidence;
} WordRule;

static const WordRule word_rules[] = {
  /* Asking for contact details */
  { WB "(?:whats|wats|wots|what is|wat is|what are) (?:your|ur|yr|u|jou) " QUAL NOUN, 'r', 75 },
  { WB "(?:send|give|share|sharing|drop|text|dm|pm|inbox|forward|leave|post|stuur|gee|gimme|sms"
  "|email|mail|write|tell|let me have|i need|ill need|i want|need)(?: me| us| vir my| my| mi)?"
  " (?:your|ur|yr|jou) " QUAL NOUN, 'r', 75 },
  { WB "(?:can|could|may|pls|please|plz)(?: i| we| u| you)?(?: please)? (?:get|have|grab|get hold of"
  "|take) (?:your|ur|yr) " QUAL NOUN, 'r', 75 },
  { WB "(?:your|ur|yr|jou) " QUAL NOUN " ?(?:please|pls|plz|plse|asb|asseblief)" WE, 'r', 70 },
  { WB "(?:do|does|have|got) (?:you|u)(?: have| use| got)?(?: a| an)? (?:whatsapp|wa|telegram|signal"
  "|insta(?:gram)?|ig|facebook|fb|snap ?(?:chat)?|tiktok|e-?mail(?: address)?|landline|cell ?phone"
  "|skype|viber)" WE, 'r', 70 },
  { WB "(?:how|where) (?:can|do|could|else can|else do|would) (?:i|we) (?:reach|contact|call|phone"
  "|get hold of|get in touch with|find|whatsapp|email) (?:you|u) (?:directly|outside|privately|besides"
  "|other than|off|personally|after hours|on|at|via)" WE, 'r', 75 },
  { WB "(?:how|where) (?:can|do|could) (?:i|we) (?:reach|contact|get hold of|get in touch with)"
  " (?:you|u)" WE, 'r', 60 },
  { WB "(?:another|other|different|alternative|better|best|easiest|quicker|quickest|direct)"
  " (?:way|number|means|method|channel|line) (?:to|i can|we can|of|for)(?: [a-z]+){0,2}?"
  " (?:reach|contact|call|get hold of|talk|chat|phone|get in touch)" WE, 'r', 75 },
  { WB "(?:number|email|e-mail|cell|landline) (?:i|we) (?:can|could) (?:call|reach|email|contact|sms"
  "|text|whatsapp|phone)" WE, 'r', 70 },
  { WB "(?:give|send) (?:me|us) a (?:call|ring|missed call|buzz|please call me|pcm)" WE, 'r', 70 },
  { WB "(?:can|may|could|is it ok to|is it okay to|ok to|okay to|mind if) (?:i )?(?:call|phone|ring"
  "|sms|text|whatsapp|email|contact|fone) (?:you|u) (?:directly|privately|personally|on your|outside"
  "|after hours)" WE, 'r', 75 },
  { WB "(?:can|may|could|is it ok to|is it okay to|ok to|okay to|mind if) (?:i )?(?:call|phone|ring"
  "|sms|text|whatsapp|email|fone) (?:you|u)" WE, 'r', 55 },
  { WB "(?:call|phone|ring|sms|text|whatsapp|reach) (?:you|u) ?[?,.]? (?:on )?(?:what|which) number"
  WE, 'r', 75 },
  { WB "(?:send|forward|mail)(?: [a-z]+){0,3}? to my (?:e-?mail|gmail|yahoo|hotmail|whatsapp|number"
  "|cell|phone|inbox)" WE, 'r', 70 },
  { WB "(?:e-?mail|mail) (?:me|us)" WE "(?! (?:through|via|on|in|here)(?: the)? (?:app|plaza|chat))",
    'r', 60 },
  { WB "(?:is|are) (?:this|that) (?:your|ur) " APP_ANY WE, 'r', 70 },
  { WB "(?:your|ur|yr) (?:sur)?name on " APP_ANY WE, 'r', 70 },
  { WB "(?:your|ur|yr|jou) " APP_ANY "(?: (?:number|no|nr|handle|name|username|page|account|id"
  "|profile|link))?" WE, 'r', 60 },
  { WB "(?:jou (?:sel(?:foon)? ?)?(?:nommer|e-?pos(?: adres)?)|jou selnommer|kan ek jou (?:bel"
  "|whatsapp|e-?pos)|gee my jou|stuur (?:vir my )?jou|inombolo yakho|inamba yakho|ngiphe inombolo"
  "|ngicela (?:inombolo|inamba|i-?number)|ngithumelele inombolo|ngishayele|ngifonele|ngifowunele"
  "|ndifowunele|ndifonele|fonela|shaya ucingo|direk (?:bel|betaal|kontak)|kan jy my (?:direk )?bel)"
  WE, 'r', 75 },

  /* Inviting someone onto another app */
  { WB "(?:add|follow|find|message|msg|text|chat|chat to|talk to|dm|pm|inbox|contact|reach|call|ping"
  "|hit|look|look for|search for|friend|get hold of|holla|connect with|catch|join|check|get|see|sms"
  "|whatsapp|wa) (?:me|us)(?: up| out)? (?:on|via|at|through|thru|over on|over|in) (?:the |my |our )?"
  APP_ANY WE, 'a', 75 },
  { WB "hmu (?:on|via|at) (?:the )?" APP_ANY WE, 'a', 75 },
  { WB "(?:" WA "|tele ?gram|tg|signal|snap ?chat|snap|skype|viber|wechat|messenger|insta|ig"
  "|face ?book|fb|tik ?tok|discord) (?:me|us)" WE
  "(?! (?:here|on (?:the )?(?:app|plaza)|through|in the app|a (?:pic|photo|picture|shot|pick)))",
    'a', 75 },
  { WB "(?:" WA "|tele ?gram|tg|viber|skype) (?:you|u)" WE, 'a', 65 },
  { WB "(?:chat|talk|continue|move|switch|go|carry on|speak|communicate|take (?:this|it)|talk more"
  "|chat more|converse|connect|link up|meet)(?: [a-z]+){0,2}? (?:on|to|via|over to|over|onto|in)"
  " (?:the )?" APP_ANY WE,
    'a', 75 },
  { WB "(?:my|our) " APP_ANY " (?:number|no|nr|nommer|handle|name|username|user name|id|page|account"
  "|profile|link)" WE, 'a', 75 },
  { WB "(?:join|add (?:me|you) to|in) (?:my|our|the) " APP_ANY " (?:group|channel|community"
  "|broadcast|page|list)" WE, 'a', 75 },
  { WB "(?:search|look up|google)(?: for)? (?:[a-z0-9&_.-]+ ){1,5}?(?:on|in) (?:the )?" APP_ANY WE,
    'a', 75 },
  { WB "(?:im|i am|were|we are|find me|get me|reach me|catch me|im also|i am also) on " APP_ANY WE,
    'a', 70 },
  { WB "(?:my|our) " APP_ANY "(?: is|:)(?! (?:not|down|broken|hacked|off|dead|blocked|gone|slow|full"
  "|banned|out|playing|acting|giving|private|deactivated|deleted|closed|new|old|also|working|fine|on"
  "|the same))", 'a', 65 },
  { WB APP_ANY " (?:is|would be|will be|works|is much|is way) (?:quicker|easier|better|faster"
  "|simpler|best|more reliable)" WE, 'a', 65 },
  { WB "(?:quicker|easier|faster|better|simpler|rather) (?:on|via|over|through|to use) " APP_ANY WE,
    'a', 65 },
  { WB "(?:friend request|follow (?:me )?back|followed (?:you|u)|add(?:ed)? (?:you|u) on"
  "|ill add (?:you|u)|i will add (?:you|u)|ill follow (?:you|u))" WE, 'a', 65 },

  /* Dealing off the platform */
  { WB "(?:move|continue|carry on|talk|chat|deal|do (?:this|it|business|the job|the work)"
  "|sort (?:it|this|payment|things|everything) out|arrange|book|hire|contact|speak|work|communicate"
  "|organise|organize|message|invoice|transact|settle) (?:[a-z]+ ){0,2}?(?:off (?:the |this )?"
  PLATFORM "|outside (?:of )?(?:the |this )?" PLATFORM "|away from (?:the |this )?" PLATFORM
  "|privately|directly|direct|between us|somewhere else|elsewhere|offline|another way"
  "|some other way|in private|off platform)" WE NOT_IN_APP, 'o', 75 },
  { WB "take (?:this|it|things|the (?:chat|conversation|job|booking)) (?:off|outside|elsewhere"
  "|offline|away from)" WE, 'o', 75 },
  { WB "(?:dont|do not|no need to|not|never|wont|cant|shouldnt|lets not|rather not|without)"
  "(?: even| really)? (?:book|pay|go|use|tell|involve|bother with|need|booking|paying|using|going)"
  "(?: it| them| him| her| us)? ?(?:through|via|on|in|with|for)? ?(?:the |this |that )?"
  "(?:app|plaza|platform|site|booking system|system)" WE, 'o', 80 },
  { WB "no need (?:for|of) (?:the |this )?(?:app|plaza|platform|booking)" WE, 'o', 75 },
  { WB "cancel (?:the |my |your |this |our )?(?:booking|request|job|order)(?: on (?:my|your) side"
  "| here)?(?: and| then| &|,) ?(?:ill|i will|we|you|just|pay|come|book|do|rather)" WE, 'o', 75 },
  { WB "(?:id rather not|i dont want to|i prefer not to|rather not|dont want to|dont like to) use"
  " (?:this|the) (?:app|platform|site)" WE, 'o', 70 },
  { WB "(?:los die app|sonder die app|buite die app|nie deur die app|ngaphandle kwe-?app"
  "|asidingi i-?app)" WE, 'o', 75 },
  { WB "(?:without|skip|skipping|forget|bypass|avoid|off|outside(?: of)?|leave|ditch|not on"
  "|not through|not via|not|away from)(?: the| this| a)? (?:app|plaza|platform|booking system|booking)"
  WE
  "(?! ?(?:fee|fees|charges?|commission|is (?:fine|ok|cool)))", 'o', 55 },

  /* Paying off the platform */
  { WB "(?:pay|paying|payment|eft|transfer|deposit|settle|send (?:the |me the |us the )?(?:money|cash"
  "|funds|payment|balance|deposit))(?: it| me| us| you| him| her| the (?:balance|rest|deposit|money"
  "|amount|full amount|fee))? (?:directly|direct|straight|privately|personally|in cash|cash|by cash"
  "|with cash|outside|to me|to us|off (?:the )?(?:app|platform|plaza|site)"
  "|not (?:through|via|on|in) (?:the )?(?:app|plaza|platform)|without (?:the )?(?:app|plaza|platform)"
  "|between us|by eft|via eft|with eft"
  "|into my|to my (?:account|bank|number|cell|ewallet|e-wallet|capitec|fnb|absa|nedbank))" WE
  NOT_IN_APP, 'p', 85 },
  { WB "(?:skip|avoid|saves?(?: on)?|dodge|bypass|cut out|sidestep|get around|get rid of"
  "|forget(?: about)?|knock off|take off|save you|save us)(?: the| paying the| paying| any| their"
  "| its| all| that| on)? (?:(?:app|apps|plaza|plazas|platform|platforms|booking|service|admin|site"
  "|website|system|extra|their|its|the) )?(?:fees?|commission|charges?|cut|middle ?-?man|percentage"
  "|costs?|markup)" WE, 'p', 85 },
  { WB "(?:pay|eft|transfer|deposit|send|paid|put|bank)(?: [a-z0-9]+){0,5}? (?:in|into|to|in2)"
  " (?:my|our) (?:own |personal |private |business |other |wifes |husbands? )?(?:bank|account|acc"
  "|acct|capitec|fnb|absa|nedbank|standard bank|tyme ?bank|discovery|ewallet|e-wallet|cellphone|cell"
  "|number|paypal|wallet)" WE, 'p', 85 },
  { WB "(?:bank(?:ing)? (?:details|info|account|acc|number|no)|account (?:number|no|nr|num|details)"
  "|acc(?:t)? (?:no|nr|number|num)|branch code|swift code|(?:capitec|fnb|absa|nedbank|standard bank"
  "|tyme ?bank|discovery bank|african bank|investec|first national bank|bidvest bank|postbank"
  "|old mutual),? (?:[a-z]+ ){0,2}?(?:acc|account|acct|cheque|savings|business|ewallet|e-wallet|pay"
  "|number|no|[0-9]))(?![a-z])", 'p', 85 },
  { WB "(?:acc|acct|account)(?: no| nr| number| #|:)? ?[0-9]{6,}", 'p', 85 },
  { "(?:cheaper|less|discount|better (?:price|deal|rate)|knock off|r ?[0-9]+ (?:less|off|cheaper)"
  "|[0-9]+ ?% off|throw in|for free|saves? (?:you )?r?[0-9]*|instead of|lower price|special price)"
  "[^.?!]{0,50}?" WB "(?:without|outside|off (?:the )?(?:app|plaza|platform|site)"
  "|not (?:through|on|via|in)|skip|cancel|privately|directly|direct|cash|eft|book (?:me )?privately)"
  WE, 'p', 85 },
  { WB "(?:without|outside|off|not (?:through|on|via)|skip)(?: of)? (?:the )?(?:app|plaza|platform"
  "|booking)[^.?!]{0,50}?(?:cheaper|less|discount|instead of|[0-9]+ ?% off|for free|throw in|saves?"
  "|lower|better price|r ?[0-9]+)", 'p', 85 },
  { WB "(?:doesnt|does not|dont|wont|do not) (?:take|get|charge)(?: (?:a|its|their|any|the))?"
  " (?:cut|fee|fees|commission|percentage)" WE, 'p', 80 },
  { WB "so (?:they|the app|plaza|it|the platform) (?:dont|doesnt|wont|cant) (?:charge|take|know|see)"
  WE, 'p', 80 },
  { WB "(?:betaal (?:my|ons|vir my|jou) (?:direk|kontant)|direk betaal|app fooi|ngqo|ngesandla"
  "|ungakhokheli ku-?app|ungangikhokhela|ngikhokhele ngqo)" WE, 'p', 80 },
  { WB "(?:ill|i will|i can|let me) (?:invoice|bill) (?:you )?(?:myself|directly|privately|separately)"
  WE, 'p', 80 },
  { WB "payment link (?:from|on|via|through) (?:my|our)" WE, 'p', 80 },
  { WB "pay (?:me|us)(?: first| now| upfront| up front)?(?: and| then|,) (?:ill|i will|we|ill just)"
  " cancel" WE, 'p', 85 },
  { WB "eft (?:me|us|it to me)" WE, 'p', 75 },
  { WB "(?:pay|paying|paid|send|sent|use|using|accept|via|with|through|thru|by|on|have|got|prefer)"
  "(?: me| us| it| you)?(?: a| an| my| the)? " PAY_APP WE, 'p', 75 },
  { WB "(?:give|hand) (?:me|us|it to me)(?: the)? (?:money|cash)" WE, 'p', 70 },
  { WB "(?:send|email|whatsapp|share|forward)(?: me| us)?(?: the| a)? (?:pop|proof of payment)" WE,
    'p', 60 },
  { WB "(?:pay|paying|paid|give|accept|prefer|take|bring|only|want|with|by|do|does|doing|in)"
  "(?: you| me| us| in| with| the| it)? cash" WE "(?! (?:tip|tips|for (?:the |a )?tip))", 'p', 60 },
  { WB "cash (?:only|on (?:the day|arrival|delivery|completion|collection)|is king|payment|deal"
  "|price|discount|rate|job|in hand|when|upfront|up front)" WE, 'p', 60 },
  { WB "kontant" WE, 'p', 60 },
  { WB "(?:no|without|zero|less|lower|minus|excluding|free of|none of the)(?: the| any| those)?"
  " (?:(?:app|apps|plaza|platform|booking|service|admin|site) )?(?:fees?|commission|charges"
  "|middle ?man)" WE, 'p', 45 },
  { WB "(?:plaza|the app|app|platform|they|it)(?: only)? (?:takes?|charges?|holds?|keeps?|eats?)"
  "(?: (?:way )?too much| a lot| so much| [0-9]+ ?%| a cut| a big cut| half| forever)" WE, 'p', 45 },
  { WB "proof of payment" WE, 'p', 45 },
  { WB PAY_APP WE, 'p', 45 },

  /* Hints only */
  { WB "(?:my|our) (?:cell ?(?:phone)? |phone |mobile |contact |whatsapp |wa |home |work |direct "
  "|personal |office |private |landline |new )?(?:number|no|nr|nommer|digits|line|cell|numbers)"
  "(?: is|:| -| =|s)" WE, 'r', 40 },
  { WB "inombolo yami" WE, 'r', 40 },
  { WB "(?:call|phone|ring|sms|bel|fone|ping) (?:me|us)" WE, 'c', 40 },
  { WB APP_STRONG WE, 'a', 30 },
};

/* An app name and what may be the person's name on it. */
#define APP_HANDLEABLE \
  "(?:insta ?gram|insta|ig|the gram|tik ?tok|snap ?chat|snap|tele ?gram|tg|twitter|skype" \
  "|discord|wechat|viber|face ?book|fb|linked ?in)"
#define SEP "(?: ?(:|-|=|,|is|as|@) ?| )"

static const char handles_pattern[] =
  WB APP_HANDLEABLE "(?: me| us)?(?: (?:handle|name|username|user name|id|account|page|profile))?"
  SEP "@?([a-z0-9_][a-z0-9_.#-]{2,40})" "(*MARK:h85)"
  "|" WB "(?:username|user name|handle|profile name|screen name|gamertag)(?: ?(:|-|=|is) ?| )@?"
  "([a-z0-9_][a-z0-9_.#-]{2,40})" "(*MARK:h80)";

static const char mail_cue_pattern[] =
  WB "(?:my |our )?(e-?mail|mail|gmail|yahoo|hotmail|outlook|icloud|webmail|e-?pos|email addy)"
  "(?: address| addy| adres)?(?: ?(:|-|=|,|is) ?| )([a-z0-9][a-z0-9._-]{2,40})";

static const char at_handle_pattern[] = "(?<![a-z0-9._%+-])@([a-z0-9_][a-z0-9_.]{1,29})";

#define URL_CHARS "[a-z0-9._~:/?#@!$&()*+,;=%-]"
#define LABEL "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"

static const char link_pattern[] =
  "(?<![a-z0-9@._-])(?:https?:/+|www[.])" URL_CHARS "{2,400}"
  "|(?<![a-z0-9@._/-])" LABEL "(?:[.]" LABEL "){0,4}[.](?:com|net|org|info|biz|africa|io|ly|xyz|gl|gle"
  "|ee|(?:co|org|net|web|gov|ac)[.]za|co[.]uk|(?:me|app|site|online|shop|store|page|link|co|to|be"
  "|blog|dev|tech|bio|social|us|uk|de|tv|ai|fm|gg|cc|ws|za)(?=/))(?![a-z0-9-])(?:/" URL_CHARS "*)?";

/* Words that make "call me" about a phone. */
static const char number_words_pattern[] =
  WB "(?:number|numbers|cell|cellphone|phone|digits|nommer|inombolo|whatsapp|wa|profile|bio|landline"
  "|mobile)" WE;

static pcre2_code *word_res[G_N_ELEMENTS (word_rules)];
static pcre2_code *handles_re, *mail_cue_re, *at_handle_re, *link_re, *number_words_re;

/* Which rules can match where a word starts with two given characters.
 * Trying only those (most words start no rule at all) keeps a scan of a
 * chat message to a few microseconds; the table is worked out from the
 * patterns themselves with partial matching, so it cannot go stale. */
#define ALPHABET 38  /* a-z, 0-9, space, anything else */
#define NO_RULE G_MAXUINT16

static guint16 *rules_for[ALPHABET * ALPHABET];

static guint
alphabet_index (char c)
{
  if (c >= 'a' && c <= 'z')
    return (guint) (c - 'a');
  if (c >= '0' && c <= '9')
    return 26 + (guint) (c - '0');
  return c == ' ' ? 36 : 37;
}

static gboolean
may_start_with (pcre2_code       *re,
                const char       *prefix,
                gsize             len,
                pcre2_match_data *md)
{
  int rc = pcre2_match (re, (PCRE2_SPTR) prefix, len, 0, PCRE2_PARTIAL_HARD, md, NULL);

  return rc >= 0 || rc == PCRE2_ERROR_PARTIAL;
}

static void
compile_word_rules (void)
{
  static const char other[] = "-/.@#&+%:,;!?'\"()[]*=_~$<>";
  pcre2_match_data *md = pcre2_match_data_create (16, NULL);
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (guint16));

  for (guint r = 0; r < G_N_ELEMENTS (word_rules); r++)
    word_res[r] = _plz_contact_compile_anchored (word_rules[r].pattern);

  for (guint a = 0; a < 36; a++)
    for (guint b = 0; b < ALPHABET; b++)
      {
        char prefix[2] = { a < 26 ? (char) ('a' + a) : (char) ('0' + a - 26), 0 };
        guint16 end = NO_RULE;

        g_array_set_size (list, 0);
        for (guint r = 0; r < G_N_ELEMENTS (word_rules); r++)
          {
            gboolean may;

            if (b < 36)
              {
                prefix[1] = b < 26 ? (char) ('a' + b) : (char) ('0' + b - 26);
                may = may_start_with (word_res[r], prefix, 2, md);
              }
            else if (b == 36)
              {
                prefix[1] = ' ';
                may = may_start_with (word_res[r], prefix, 2, md);
              }
            else
              {
                /* Any other second character: whatever may follow the first. */
                may = FALSE;
                for (const char *o = other; *o != '\0' && !may; o++)
                  {
                    prefix[1] = *o;
                    may = may_start_with (word_res[r], prefix, 2, md);
                  }
                may = may || may_start_with (word_res[r], prefix, 1, md);
              }
            if (may)
              {
                guint16 r16 = (guint16) r;

                g_array_append_val (list, r16);
              }
          }
        g_array_append_val (list, end);
        rules_for[a * ALPHABET + b] = g_memdup2 (list->data, list->len * sizeof (guint16));
      }
  pcre2_match_data_free (md);
}

static void
compile_rules (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  compile_word_rules ();
  handles_re = _plz_contact_compile (handles_pattern);
  mail_cue_re = _plz_contact_compile (mail_cue_pattern);
  at_handle_re = _plz_contact_compile (at_handle_pattern);
  link_re = _plz_contact_compile (link_pattern);
  number_words_re = _plz_contact_compile (number_words_pattern);
  g_once_init_leave (&done, 1);
}

/* Finding --------------------------------------------------------------------------- */

static gboolean
kind_from_letter (char            letter,
                PlzContactKind *kind)
{
  switch (letter)
    {
    case 'r': case 'c': *kind = PLZ_CONTACT_KIND_REQUEST; return TRUE;
    case 'a': *kind = PLZ_CONTACT_KIND_MESSAGING_APP; return TRUE;
    case 'o': *kind = PLZ_CONTACT_KIND_OFF_PLATFORM; return TRUE;
    case 'p': *kind = PLZ_CONTACT_KIND_PAYMENT; return TRUE;
    case 'h': *kind = PLZ_CONTACT_KIND_HANDLE; return TRUE;
    default: return FALSE;
    }
}

static void
find_words (PlzContactScan *scan)
{
  const char *s = scan->nt->text;
  gsize n = scan->nt->len;
  pcre2_match_data *md = scan->work->match_data;

  for (gsize i = 0; i < n; i++)
    {
      const guint16 *rules;

      if (!g_ascii_isalnum (s[i]) || (i > 0 && g_ascii_isalnum (s[i - 1])))
        continue;
      rules = rules_for[alphabet_index (s[i]) * ALPHABET + (i + 1 < n ? alphabet_index (s[i + 1]) : 37)];
      for (; *rules != NO_RULE; rules++)
        {
          const WordRule *rule = &word_rules[*rules];
          PCRE2_SIZE *ov;
          PlzContactKind kind;
          double confidence = rule->confidence / 100.0;

          if (!_plz_contact_match_at (scan, word_res[*rules], i))
            continue;
          ov = pcre2_get_ovector_pointer (md);
          if (!kind_from_letter (rule->kind, &kind))
            g_assert_not_reached ();
          if (ov[1] <= i)
            continue;
          /* "call me" is about a phone only when the message talks of numbers. */
          if (rule->kind == 'c')
            {
              PCRE2_SIZE inner = 0, end = ov[1];

              if (_plz_contact_next (scan, number_words_re, &inner) != NULL)
                confidence = 0.55;
              _plz_contact_add (scan, kind, i, end, confidence);
              i = end - 1;
            }
          else
            {
              _plz_contact_add (scan, kind, i, ov[1], confidence);
              i = ov[1] - 1;
            }
          break;
        }
    }
}

/* Words that follow an app name or "is" without being anyone's name. */
static const char * const not_names[] = {
  "me", "us", "the", "and", "is", "to", "for", "please", "pls", "page", "account", "group", "as",
  "my", "on", "im", "or", "if", "so", "but", "too", "also", "here", "there", "app", "when", "then",
  "with", "at", "its", "it", "that", "this", "you", "your", "ur", "we", "our", "just", "now", "all",
  "only", "same", "not", "no", "yes", "ok", "was", "has", "have", "will", "name", "handle",
  "username", "profile", "link", "in", "of", "from", "via", "through", "down", "broken", "hacked",
  "private", "and", "off", "out", "up", "instead", "rather", "still", "again", "ad", "post", "posts",
  "story", "stories", "reel", "reels", "page", "pages", "video", "videos", "live", "message",
  "messages", "chat", "group", "address", "addy", "adres", "confirmation", "notification",
  "receipt", "invoice", "quote", "from", "said", "says", "sent", "came", "about", "number", "a",
  "an", "i", "he", "she", "they", "them", "his", "her", "their", "what", "who", "how", "where",
  "is", "are", "be", "do", "does", "did", "can", "could", "would", "should", "signal", "reception",
  "peas", "pic", "photo", "picture", "shot", "pick", "bag", "bags", "gram", "grams", NULL
};

static gboolean
is_not_name (const char *s,
             gsize       n)
{
  for (guint i = 0; not_names[i] != NULL; i++)
    if (strlen (not_names[i]) == n && memcmp (not_names[i], s, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
looks_like_handle (const char *s,
                   gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (s[i] == '_' || s[i] == '.' || s[i] == '#' || g_ascii_isdigit (s[i]))
      return TRUE;
  return FALSE;
}

/* TRUE when the separator of group @g is a real one (":", "as"), not a space
 * or comma; "is" only after "my" or "our" ("my insta is …", not "insta is slow"). */
static gboolean
strong_separator (const char *s,
                  PCRE2_SIZE *ov,
                  guint       g)
{
  static const char * const qualifiers[] = { "page", "handle", "name", "account", "profile", " id", NULL };
  gsize at = ov[0], sep = ov[2 * g];

  if (sep == PCRE2_UNSET || s[sep] == ',')
    return FALSE;
  if (s[sep] != 'i')
    return TRUE;
  if ((at >= 3 && memcmp (s + at - 3, "my ", 3) == 0) || (at >= 4 && memcmp (s + at - 4, "our ", 4) == 0) ||
      memcmp (s + at, "my ", 3) == 0 || memcmp (s + at, "our ", 4) == 0)
    return TRUE;
  /* "facebook page is …", "username is …" */
  for (guint i = 0; qualifiers[i] != NULL; i++)
    if (g_strstr_len (s + at, (gssize) (sep - at), qualifiers[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
find_handles (PlzContactScan *scan)
{
  const char *s = scan->nt->text;
  PCRE2_SIZE offset = 0, *ov;

  while ((ov = _plz_contact_next (scan, handles_re, &offset)) != NULL)
    {
      PCRE2_SPTR mark = pcre2_get_mark (scan->work->match_data);
      guint sep = mark != NULL && g_str_equal ((const char *) mark, "h85") ? 1 : 3;
      guint tok = sep + 1;
      gsize ts = ov[2 * tok], te = ov[2 * tok + 1];

      if (ts == PCRE2_UNSET)
        continue;
      /* A trailing dot ends the sentence, not the name. */
      while (te > ts && (s[te - 1] == '.' || s[te - 1] == '-'))
        te--;
      if (te - ts < 3 || is_not_name (s + ts, te - ts))
        continue;
      if (!strong_separator (s, ov, sep) && !looks_like_handle (s + ts, te - ts))
        {
          offset = ts;  /* the word after the app name may start something else */
          continue;
        }
      /* The name alone is hidden: "my insta is [contact hidden]" still reads. */
      if (ts > 0 && s[ts - 1] == '@')
        ts--;
      _plz_contact_add (scan, PLZ_CONTACT_KIND_HANDLE, ts, te, mark[1] == '8' && mark[2] == '0' ? 0.8 : 0.85);
    }

  offset = 0;
  while ((ov = _plz_contact_next (scan, mail_cue_re, &offset)) != NULL)
    {
      gsize ps = ov[2], pe = ov[3], ts = ov[6], te = ov[7];
      gboolean generic = pe - ps <= 6 && (g_strstr_len (s + ps, (gssize) (pe - ps), "mail") != NULL ||
                                          g_strstr_len (s + ps, (gssize) (pe - ps), "pos") != NULL) &&
                         g_strstr_len (s + ps, (gssize) (pe - ps), "gmail") == NULL;

      while (te > ts && (s[te - 1] == '.' || s[te - 1] == '-'))
        te--;
      if (te - ts < 3 || is_not_name (s + ts, te - ts))
        {
          offset = ts;
          continue;
        }
      if (generic ? !strong_separator (s, ov, 2)
                  : (!strong_separator (s, ov, 2) && !looks_like_handle (s + ts, te - ts)))
        {
          offset = ts;
          continue;
        }
      _plz_contact_add (scan, PLZ_CONTACT_KIND_EMAIL, ts, te, 0.85);
    }
}

/* Words after "@" that are places or times, not people. */
static const char * const not_handles[] = {
  "home", "work", "the", "school", "office", "noon", "night", "lunch", "gate", "mall", "once",
  "all", "everyone", "here", "there", "midnight", "morning", "evening", "church", "shop", "station",
  "reception", "plaza", NULL
};

static void
find_at_handles (PlzContactScan *scan)
{
  const char *s = scan->nt->text;
  PCRE2_SIZE offset = 0, *ov;

  if (memchr (s, '@', scan->nt->len) == NULL)
    return;
  while ((ov = _plz_contact_next (scan, at_handle_re, &offset)) != NULL)
    {
      gsize ts = ov[2], te = ov[3];
      gboolean letter = FALSE, time = TRUE;

      while (te > ts && s[te - 1] == '.')
        te--;
      for (gsize i = ts; i < te; i++)
        letter = letter || g_ascii_isalpha (s[i]);
      /* "@10am", "@14h00", "@9" */
      for (gsize i = ts; i < te; i++)
        time = time && (g_ascii_isdigit (s[i]) || s[i] == 'h' || s[i] == 'a' || s[i] == 'p' || s[i] == 'm');
      if (!letter || time || te - ts < 2)
        continue;
      {
        gboolean common = FALSE;

        for (guint i = 0; not_handles[i] != NULL; i++)
          common = common || (strlen (not_handles[i]) == te - ts &&
                              memcmp (not_handles[i], s + ts, te - ts) == 0);
        if (common)
          continue;
      }
      _plz_contact_add (scan, PLZ_CONTACT_KIND_HANDLE, ov[0], te, 0.75);
    }
}

/* Hosts whose links lead straight to a person. */
static const char * const contact_hosts[] = {
  "wa.me", "t.me", "whatsapp", "instagram", "facebook", "fb.com", "fb.me", "m.me", "tiktok",
  "snapchat", "twitter", "x.com", "linkedin", "paypal", "linktr.ee", "bit.ly", "tinyurl",
  "calendly", "forms.gle", "wa.link", "telegram", "youtube", "beacons.ai", "skype", NULL
};

static void
find_links (PlzContactScan *scan)
{
  const char *s = scan->nt->text;
  PCRE2_SIZE offset = 0, *ov;

  /* Every link has a dot, "https://" and "www." included. */
  if (memchr (s, '.', scan->nt->len) == NULL)
    return;
  while ((ov = _plz_contact_next (scan, link_re, &offset)) != NULL)
    {
      gsize start = ov[0], end = ov[1], n;
      gboolean scheme = s[start] == 'h' || s[start] == 'w';
      double confidence = scheme && (g_strstr_len (s + start, (gssize) (end - start), "://") != NULL ||
                                     g_str_has_prefix (s + start, "www.")) ? 0.8 : 0.7;

      /* Punctuation that ends the sentence is not part of the link. */
      while (end > start && strchr (".,;:!?)", s[end - 1]) != NULL)
        end--;
      n = end - start;
      for (guint i = 0; contact_hosts[i] != NULL; i++)
        if (g_strstr_len (s + start, (gssize) n, contact_hosts[i]) != NULL)
          confidence = 0.95;
      if (g_strstr_len (s + start, (gssize) n, ".gov.za") != NULL ||
          g_strstr_len (s + start, (gssize) n, ".ac.za") != NULL)
        confidence = 0.3;
      _plz_contact_add (scan, PLZ_CONTACT_KIND_LINK, start, end, confidence);
    }
}

void
_plz_contact_find_rules (PlzContactScan *scan)
{
  compile_rules ();
  find_links (scan);
  find_at_handles (scan);
  find_handles (scan);
  find_words (scan);
}
