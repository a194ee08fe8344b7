/* extract.c - fact extraction from note text with PCRE2: every fact kind of
 * facts.h (sizes and the other measurements, sites, Mohs surgery,
 * procedures, repairs, flaps, diagnoses and pathology, counts, drugs,
 * necessity, E/M elements) and the lesion blocks a note is split into.
 *
 * Every pattern is compiled once with JIT and run under one match context
 * whose limits bound the work on any input. A note is first cut into lesion
 * blocks ("Lesion 2:", "#3"); each pattern then runs over each block, so a
 * fact's lesion is the block it lies in and a marker's own digits are never
 * read as a measurement. Pattern families run only when a cheap literal
 * search says the note can contain them (c-craft.md section 5), and in
 * ASCII notes a big pattern is tried only where its start filter says a
 * match can begin (start_filter).
 *
 * Word-level facts come from one alternation of terms (each ending in a
 * MARK naming its table row); every hit then passes one context check
 * (context_of: history sections, negation, history, plan, risk and
 * uncertainty cues) against the veto set of its row.
 */
#include "extract.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "drugs.h"
#include "finding.h"
#include "measure.h"
#include "mem.h"
#include "rx.h"
#include "sections.h"
#include "segment.h"
#include "sites.h"
#include "text.h"
#include "vocab.h"

/* ---- pattern text ----------------------------------------------------- */

#define NUM DA_MEASURE_NUM

static const char mohs_pattern[] =
    "\\b(?:mohs(?:['\\x{2019}]s?)?(?:\\s+micrographic)?(?:\\s+(?:surgery|surgical\\s+procedure|"
    "procedure|excision|stage|layer))?|micrographic\\s+surgery|(?-i:MMS))\\b";

/* Words before a Mohs mention (same sentence) that make it a plan, a
 * referral or history rather than surgery done in this encounter. */
static const char mohs_veto_before_pattern[] =
    "\\b(?:refer(?:red|ral|ring|s)?|candidate|consider(?:ed|ing)?|recommend(?:ed|s|ation)?|"
    "discuss(?:ed|ion)?|schedul(?:e|ed|ing)|plan(?:ned|s)?|options?|will|would|future|history|hx|"
    "prior|previous(?:ly)?|s/p|status\\s+post|had|declin(?:ed|es)|defer(?:red)?|consult(?:ation)?|"
    "awaiting|pending)\\b|\\b(?:after|following|post)[\\s-]+(?:(?:her|his|the|a|an|recent|"
    "today'?s|same[\\s-]day|prior)\\s+){0,3}\\z";
/* A practice's or unit's name after "Mohs": "LAKESHORE MOHS & RECONSTRUCTIVE
 * SURGERY", "Mohs Surgery Center", "Mohs surgeon: Dr. Vance". */
#define MOHS_UNIT                                                                                  \
    "\\G\\s*(?:&|and)\\s+(?:reconstructive|dermatologic|cosmetic|laser|skin|plastic|facial)\\b"  \
    "|\\G\\s*(?:micrographic\\s+)?(?:surgery\\s+)?(?:center|centre|clinic|institute|associates|"    \
    "group|unit|department|program|fellowship|college|society|surgeons?|team|office)\\b"
/* ... and after it; "Mohs defect", "Mohs reconstruction" name the wound a
 * Mohs surgery left, not the surgery. */
static const char mohs_veto_after_pattern[] =
    "\\b(?:recommended|discussed|considered|scheduled|planned|declined|deferred|referral|"
    "consult(?:ation)?|offered|will\\s+be)\\b|\\G\\s*(?:micrographic\\s+surgery\\s+)?"
    "(?:defects?|wounds?|reconstruction|repair)\\b"
    "|" MOHS_UNIT;
/* The unit's name alone, once a Mohs mention is vetoed: the note is the
 * unit's own, where a stage table may be all that says Mohs was done. */
static const char mohs_unit_pattern[] = MOHS_UNIT;

/* Stage numbers: digits, roman I-X, words one-ten; ordinals. */
#define STAGE_NUM                                                                                  \
    "(?:[0-9]{1,2}|viii|vii|iii|ix|iv|vi|ii|x|v|i|one|two|three|four|five|six|seven|eight|nine|"  \
    "ten)(?!\\w)(?!\\.[0-9])"
#define ORD                                                                                        \
    "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|[4-9]th|"   \
    "10th)"
#define CARD "\\b(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b"
#define MOHS_PREFIX "(?:(?:mohs|mms)\\s+)?"
#define HEAD(i)                                                                                    \
    "\\b(?:" MOHS_PREFIX "(?:stage|layer)\\s*(?:#\\s*|no\\.?\\s*|number\\s+)?(?<sn" i ">"        \
    STAGE_NUM ")|(?<so" i ">" ORD ")\\s+(?:mohs\\s+)?(?:stage|layer)\\b)"
/* A tumour stage ("stage IIA melanoma") is not a Mohs stage. */
#define NOT_TUMOUR                                                                                 \
    "(?![a-c]?\\s*(?:melanoma|carcinoma|cancer|disease|ckd|kidney|renal|lymphoma|sarcoma|breast|"  \
    "lung|colon|prostate|pressure|ulcer|hypertension|heart|chronic|lymphedema))"
/* Words up to the end of the sentence (a decimal point does not end it, nor
 * a wrapped line; a blank line does), never crossing another stage. */
#define FILL(n)                                                                                    \
    "(?:(?!\\b(?:stages?|layers?)\\b)(?:[^.;\\n]|\\.(?=[0-9])|\\n(?![ \\t\\r]*\\n))){0," n "}?"
#define BLOCK_WORDS "(?:(?:tissue|frozen|mohs|histologic|separate)\\s+){0,2}"
#define BIND                                                                                       \
    "\\b(?:clear(?:ed)?|margins?|negative|positive|residual|tumou?r[\\s-]+free|taken|excised|"     \
    "removed|mapped|processed|examined|blocks?|sections?|pieces?)\\b"

static const char stage_pattern[] =
    /* "Stage I: 3 blocks", "first stage was divided into 3 sections" */
    HEAD("1") NOT_TUMOUR FILL("80") "(?<bn1>" CARD ")\\s+" BLOCK_WORDS
    "(?:blocks?|sections?|pieces?|specimens?)\\b"
    /* "3 blocks were taken in the first stage" */
    "|(?<bn2>" CARD ")\\s+" BLOCK_WORDS "blocks?\\b" FILL("40")
    "\\b(?:in|for|during|of|from)\\s+(?:the\\s+)?" HEAD("2")
    /* "Stage 2: margins clear" */
    "|" HEAD("3") NOT_TUMOUR "(?=" FILL("80") BIND ")"
    /* "Stage 1:" heading a line */
    "|(?<=^|\\n|\\n |\\n  |\\n\\t)" HEAD("4") NOT_TUMOUR "\\s*[:\\-\\x{2013}\\x{2014}.)]"
    /* "Mohs stage 2" */
    "|\\b(?:mohs|mms)\\s+(?:stage|layer)\\s*(?:#\\s*|no\\.?\\s*)?(?<sn5>" STAGE_NUM ")"
    /* a row of a stage table under "Stage | Blocks | Findings" ("  II | 1 | Clear",
     * "| I | 7 (1-7) | SCC at block 3"),
     * or its columns lined up with blanks ("II      2        BCC persists") */
    "|(?<=^|\\n)[ \\t]*\\|?[ \\t]*(?<sn6>" STAGE_NUM ")(?:[ \\t]*\\|[ \\t]*|[ \\t]{2,})"
    "(?<bn7>[0-9]{1,2})(?:[ \\t]*\\([^()|\\n]{1,16}\\))?(?:[ \\t]*(?=\\||\\r?\\n|$)|[ \\t]{2,})"
    /* "7 tissue blocks", "a total of 7 blocks", "Total blocks: 7" */
    "|\\b(?:(?<tot>total\\s+of)\\s+)?(?<bn5>" CARD ")\\s+" BLOCK_WORDS "blocks?\\b"
    /* "five blocks in each stage", "3 blocks per layer" */
    "(?<each>\\s+(?:(?:in|for)\\s+(?:each|every)|per)\\s+(?:mohs\\s+)?(?:stage|layer)\\b)?"
    "|\\b(?<tot2>total\\s+)?(?:tissue\\s+)?blocks\\s*[:=]\\s*(?<bn6>" CARD ")";

/* How many stages a note says were taken, without listing them. */
static const char stage_count_pattern[] =
    /* "Number of stages: 3" */
    "\\b(?:number\\s+of\\s+(?:mohs\\s+)?stages|total\\s+(?:number\\s+of\\s+)?stages|"
    "stages\\s+(?:required|needed|performed|taken|total)|stages(?=\\s*[:=]))"
    "\\s*(?::|=|-|was|were|is)?\\s*(?<cn2>" CARD ")"
    /* "a total of three stages", "cleared after 2 stages", "one stage" */
    "|\\b(?:total\\s+of\\s+)?(?<cn1>" CARD ")\\s+(?:(?:mohs|total)\\s+)?stages\\b"
    "|\\b(?<cn3>one|1|a\\s+single|single)\\s+(?:mohs\\s+)?stage\\b(?!\\s*[0-9])"
    /* "cleared after the second stage", "tumor-free on the 3rd layer" */
    "|\\b(?:clear(?:ed)?|tumou?r[\\s-]+free|negative|margins?\\s+(?:were\\s+)?(?:clear|negative)|"
    "clearance)\\s+(?:was\\s+)?(?:achieved\\s+)?(?:after|on|with|at|in|by)\\s+(?:the\\s+)?"
    "(?<cn6>" ORD ")\\s+(?:mohs\\s+)?(?:stage|layer)\\b"
    /* "Additional layer(s) taken until clear": stages taken, not counted */
    "|\\b(?<cn7>additional\\s+(?:layers?|stages?)\\s*\\(s\\)|(?:layer|stage)\\(s\\))"
    /* "Mohs x3 stages", "stages x 2" */
    "|\\bx\\s*(?<cn4>[0-9]{1,2})\\s+(?:mohs\\s+)?stages?\\b|\\bstages?\\s*x\\s*(?<cn5>[0-9]{1,2})\\b";

#define TISSUE                                                                                     \
    "(?:muscles?|cartilage|bone|tendons?|(?:major|named|large)\\s+(?:nerves?|vessels?|"          \
    "arter(?:y|ies)|veins?|neurovascular\\s+(?:structures?|bundles?)))\\b"
static const char deep_pattern[] =
    "\\b(?:involv(?:ed|ing|es|ement\\s+of)|extend(?:ed|ing|s)?\\s+(?:down\\s+)?(?:in)?to|"
    "extension\\s+(?:in)?to|expos(?:ed|ing|es|ure\\s+of)|invad(?:ed|ing|es)|invasion\\s+(?:of|into)|"
    "resect(?:ed|ing|ion\\s+of)|(?:carried|taken|excised|dissected|went|go(?:ne|ing)?|proceeded)"
    "\\s+(?:down\\s+)?(?:in)?to|down\\s+to|to\\s+the\\s+level\\s+of|sacrific(?:ed|ing)|"
    "required\\s+(?:resection|removal|excision)\\s+of|includ(?:ed|ing))\\s+(?:[\\w-]+\\s+){0,3}?"
    TISSUE
    "|\\b" TISSUE "\\s+(?:was|were|is|are)\\s+(?:partially\\s+|also\\s+|then\\s+)?(?:exposed|"
    "involved|removed|resected|excised|taken|sacrificed|invaded|included|reached)\\b"
    "|\\b" TISSUE "\\s+(?:involvement|invasion|exposure)\\b"
    /* a labelled field: "Deep structures involved: cartilage", "Depth: muscle" */
    "|\\b(?:deep\\s+structures?(?:\\s+involved)?|depth(?:\\s+of\\s+(?:invasion|resection))?)"
    "\\s*[:=]\\s*(?:[\\w-]+\\s+(?:and\\s+)?){0,3}?" TISSUE;

/* Negation cues around a deep-structure statement; a contrast word ("but")
 * starts a new clause. */
static const char negation_pattern[] =
    "\\b(?<contrast>but|however|although|though|whereas)\\b"
    "|\\b(?:no|not|without|none|neither|nor|never|negative|absence|absent|free\\s+of|"
    "spar(?:ed|ing)|avoid(?:ed|ing)?|superficial\\s+to|above|preserv(?:ed|ing)|intact|"
    "rather\\s+than|instead\\s+of)\\b|n['\\x{2019}]t\\b";


/* A letter next, in any case: (?=a) ... (?=z) can match nothing else (the
 * long s and the Kelvin sign fold to s and k). */
#define LETTER_AHEAD "(?=[a-z\\x{17f}\\x{212a}])"

#define DNUM "(?:[0-9]{1,4}(?:\\.[0-9]{1,3})?|\\.[0-9]{1,3})"
/* After a waste word: not the label of an amount of its own ("Discarded
 * 0 mg"), which makes the amount before it another field's. */
#define WASTE_LABEL "(?!\\s*[:=-]?\\s*(?:of\\s+)?" DNUM "\\s*mg\\b)"

/* Cue words before a term, each marking its CUE_* class. */
static const char cue_pattern[] =
    "\\b(?:"
    "(?:no|not|without|neg(?:ative)?\\s+for|denie[sd]|deny(?:ing)?|negative\\s+for|absence\\s+of|absent|free\\s+of|"
    "never|none|neither|nor|minimal|declined?|refused|ruled\\s+out|"
    /* "doesn't bleed", "they don't hurt" (not "can't": "can't rule out" hedges) */
    "(?:do|does|did|is|are|was|were|has|have|had|wo)n['\\x{2019}]?t)(*MARK:1)"
    "|(?:history\\s+of|hx(?:\\s+of|\\s*:)?|h/o|previous(?:ly)?|prior(?!\\s+to)|s/p|status\\s+post|"
    "(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|several|a\\s+few)\\s+"
    "(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\\s+(?:after|since|following|post|s/p)|"
    "returns?\\s+(?:today\\s+)?(?:for\\s+(?:a\\s+)?(?:wound|suture|post-?op\\w*)\\s+\\w+\\s+)?(?:after|following)|"
    "following\\s+(?:her|his|the|their)\\s+(?:recent\\s+)?|in\\s+the\\s+past(?!\\s+(?:year|12\\s+months|few|several|months?|weeks?))|"
    "years?\\s+ago|last\\s+(?:year|month|visit)|formerly|healed|resolved|(?<![/0-9])[0-9]{1,2}/(?:19|20)[0-9]{2}(?![/0-9])|"
    "(?:mother|father|sister|brother|parent|grandmother|grandfather|aunt|uncle|sibling|son|daughter)s?"
    "(?:'s)?(?!\\s+(?:provides|provided|gives|gave))|family)(*MARK:2)"
    /* "a nodule which could be a squamous cell carcinoma": a hedge on what
     * a thing is, not a plan ("may be an option" is one) */
    "|(?:could|may|might)\\s+(?:well\\s+)?(?:be|represent)(?=\\s+(?:an?|the)\\s+(?!(?:[\\w-]+\\s+)?"
    "(?:options?|alternatives?|candidates?|choices?|treatments?|approach|plan|steps?|way|"
    "consideration|possibility|procedure)\\b))(*MARK:16)"
    "|(?:will|(?<!and\\s)plan(?:s|ned)?(?!\\s*(?:[:\\-]|colon\\b))|schedul\\w*|return\\s+(?:for|to)|recommend\\w*|consider\\w*|options?|"
    "rather\\s+than|instead\\s+of|as\\s+opposed\\s+to|amenable\\s+to|"
    "(?:prefer\\w*|cho(?:se|oses|osing)|opt(?:s|ed)\\s+for|elect(?:s|ed))\\s+(?:[\\w-]+\\s+){0,4}?over|"
    /* "he preferred the same again to an excision" */
    "prefer\\w*\\s+(?:[\\w-]+\\s+){1,4}?to(?=\\s+(?:an?|the)\\s)|shall|"
    "may|might|could|would|should|refer\\w*|candidate|defer\\w*|next\\s+(?:visit|time|appointment)|"
    "future|pending|awaiting|to\\s+be|offered|discuss\\w*|prn|as\\s+needed|"
    "rtc|f/u)(*MARK:4)"
    "|(?:risks?|complications?|side[\\s-]+effects?|adverse|signs\\s+of|warning|attention\\s+to|"
    "precautions|expected|instruct\\w*|counsel\\w*|educat\\w*|call\\s+(?:if|for|with)|report\\s+any|"
    "alert\\s+for)(*MARK:8)"
    /* alternatives: "ED&C vs excision vs imiquimod" (a differential, and
     * for a procedure an option, not one done) */
    "|(?:vs\\.?|versus)(*MARK:20)"
    /* a condition: "If BCC, would be treated with Mohs" (a diagnosis
     * supposed, a procedure planned) */
    "|if(*MARK:20)"
    "|(?:rule\\s+out|(?-i:r/o|R/O)|differential(?:\\s+diagnosis)?|ddx|question\\s+of|"
    "concern(?:ing)?\\s+for|suspicious\\s+for|suspect\\w*|cannot\\s+(?:exclude|rule\\s+out)|"
    "possible|possibly|probable|prob\\.?|likely\\s+vs)(*MARK:16)"
    "|(?:(?:biopsy|bx|path(?:ology)?)(?:[\\s-]+[\\w/]+){0,4}?[\\s-]+(?:proven|confirmed|showed|shows|revealed|"
    "demonstrated|consistent\\s+with|c/w|returned|positive\\s+for|report(?:ed)?)|path(?:ology)?\\s+results?|path(?:ology)?\\s*:|bx\\s+(?:showed|"
    "proven|c/w)|final\\s+path(?:ology)?|histolog(?:y|ically)\\s+(?:showed|confirmed|proven))"
    "(*MARK:32)"
    "|(?:but|however|although|though|except|whereas|yet|so(?!\\s+far)|therefore|thus|hence|instead)(*MARK:64)"
    ")(?!\\w)";

/* Cue words just after a term ("itching denied", "BCC in the past"). */
static const char postcue_pattern[] =
    /* "the ED&C site", "biopsy scar", "ED&C scar: no recurrence": the place
     * of a procedure done before ("Biopsy site: left arm" labels one) */
    "\\G\\s*(?:sites?\\b(?!\\s*[:#])|scars?\\b)(*MARK:2)|"

    "\\G(?:[\\s,]+(?!but\\b|however\\b)[\\w-]+){0,3}?[\\s,:;-]*(?:(?:was|were|is|are|has\\s+been|"
    "have\\s+been)\\s+)?(?:"
    "(?:denied|absent|negative(?!\\s+for\\b)|none|not\\s+(?:present|seen|noted|found|identified|performed|done|"
    "indicated|needed|given|required|appreciated)|ruled\\s+out|resolved)(*MARK:1)"
    "|(?:in\\s+the\\s+past(?!\\s+(?:year|12\\s+months|few|several|months?|weeks?))|previously|(?:days?|weeks?|wks?|months?|mos?|years?)\\s+ago|last\\s+year|(?:in\\s+)?(?:19|20)[0-9]{2}(?![0-9/.-])|at\\s+(?:an?\\s+|the\\s+)?(?:urgent\\s+care|outside\\s+(?:office|clinic|practice)|(?-i:ER|ED)\\b|emergency\\s+(?:room|department)|another\\s+(?:office|clinic|practice))|(?<![/0-9])[0-9]{1,2}/(?:19|20)[0-9]{2}(?![/0-9])|"
    "(?:excised|treated|removed)\\s+(?:in\\s+(?:19|20)[0-9]{2}|previously|years\\s+ago))(*MARK:2)"
    "|(?:recommended|discussed|considered|planned|scheduled|offered|deferred|declined|"
    "(?:are|were|as)\\s+(?:[\\w-]+\\s+){0,2}?(?:options?|alternatives?)\\b|"
    "will\\s+(?:be\\s+)?(?:schedul\\w*|arrange\\w*|book\\w*)|to\\s+be\\s+scheduled|"
    "in\\s+(?:[0-9]{1,2}(?:\\s*(?:-|to)\\s*[0-9]{1,2})?|a\\s+few|several|one|two|three|four|six)\\s+"
    "(?:days?|weeks?|wks?|months?|mos?)\\b|"
    "at\\s+(?:the\\s+)?next\\s+visit|next\\s+(?:week|month)|if\\s+(?:needed|persistent|it\\s+persists|persists))(*MARK:4)"
    "|(?:vs\\.?|versus)(*MARK:20)"
    "|(?:biopsy[\\s-]+(?:proven|confirmed)|path(?:ology)?[\\s-]+(?:proven|confirmed))(*MARK:32)"
    ")(?!\\w)";

/* Areas: flap, graft or defect in square centimetres. */
static const char area_pattern[] =
    "(?<![\\w.])(?<an>" NUM ")\\s*(?:sq\\.?\\s*(?<amm>mm|cm)|square\\s+(?:(?<amm2>milli)|centi)met(?:er|re)s?|"
    "(?<amm3>mm)\\s*(?:2|\\x{00B2}|\\^2)|cm\\s*(?:2|\\x{00B2}|\\^2))(?!\\w)";
/* The label of an area ("primary", "secondary", "total"): looked for before it. */
static const char arealabel_pattern[] =
    "\\b(?:(?:primary|donor)(*MARK:1)|(?:secondary|recipient)(*MARK:2)|(?:total|combined|sum|"
    "flap\\s+(?:area|size)|graft\\s+(?:area|size))(*MARK:3))\\b";

/* Counts, time and waste. */
/* What intralesional injections go into. */
#define INJ_NOUNS "(?:lesions|keloids|cysts|scars|sites|areas|plaques|nodules|patches|papules)"
#define CNT                                                                                        \
    "(?:[0-9]{1,3}|(?:twenty|thirty|forty|fifty)(?:[\\s-](?:one|two|three|four|five|six|seven|"  \
    "eight|nine)\\b)?|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|"    \
    "three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
#define DESTROYED                                                                                  \
    "(?:treated|destroyed|frozen|froze|ablated|curetted|removed|snipped|cryo(?:ed|'d|therapy)?|(?-i:LN2)|"         \
    "cauterized|electrodesiccated|liquid\\s+nitrogen)"
/* The lesions a count names by diagnosis (the MARK is the da_diagnosis). */
#define CNOUN_DX                                                                                   \
    "(?:(?:actinic\\s+keratos[ie]s|(?-i:AKs?|AK's|Aks|aks))(*MARK:8)|"           \
    "(?:(?:irritated|inflamed)\\s+(?:seborrh?o?eic\\s+keratos[ie]s|(?-i:SKs?))|(?-i:ISKs?))(*MARK:10)|" \
    "(?:seborrh?o?eic\\s+keratos[ie]s|(?-i:SKs?))(*MARK:9)|(?:warts?|verrucae?(?:\\s+(?:vulgaris|plana|plantaris))?)(*MARK:14)|"        \
    "(?:(?:skin\\s+)?tags?|acrochordons?)(*MARK:15)|(?:mollusc(?:um|a)|cherry\\s+angiomas?|angiomas?)(*MARK:17))"
/* ... and with a describing word, or as lesions, spots or areas. */
#define CNOUN                                                                                      \
    "(?:(?:hypertrophic\\s+|thick\\s+|thin\\s+|small\\s+|scattered\\s+|additional\\s+|separate\\s+|" \
    "individual\\s+|flat\\s+|common\\s+|plantar\\s+|thicker\\s+|larger\\s+|remaining\\s+|(?-i:H))?"        \
    "(?:" CNOUN_DX "|(?:lesions?|spots?|areas?)(*MARK:0)))"
/* A count right after a diagnosis term ("AKs treated: 12", "SK x 6"):
 * looked for only where such a term matched, not at every word. */
static const char count_after_pattern[] =
    "\\G(?:\\s*(?:x|\\x{00D7})\\s*(?<ca1>" CNT ")\\b|\\s+" DESTROYED "\\s*[:=(#-]+\\s*#?\\s*(?<ca2>" CNT
    ")\\b)";

/* Trigger words: a count alternative runs over a note only when every one
 * of its word sets has a member that starts a word of the note (see
 * note_scan). Each is a word prefix of two letters or more, lower case; a
 * bit of a uint64_t. */
enum {
    W_TREAT, W_DESTROY, W_FROZ, W_ABLAT, W_CURETT, W_REMOV, W_SNIP, W_CRYO, W_LN2, W_CAUTERIZ,
    W_ELECTRODESICC, W_LIQUID,
    W_ACTINIC, W_AK, W_IRRITATED, W_INFLAMED, W_SEBOR, W_SK, W_ISK, W_WART, W_VERRUCA,
    W_ACROCHORDON, W_MOLLUSCUM, W_CHERRY, W_ANGIOMA, W_LESION, W_SPOT, W_AREA, W_TAG,
    W_INJECTED, W_INTO, W_EACH, W_SPECIMEN, W_SUBMITTED, W_SENT, W_OBTAINED, W_TAKEN, W_LABEL,
    W_COLLECTED, W_BIOPS, W_PERFORMED, W_DONE, W_TOTAL, W_MIN, W_SPENT, W_TIME, W_DISCARD,
    W_WASTE, W_MG, W_FREEZ, W_APPLIED, W_TO, W_OF, W_DESTRUCT, W_BX, W_SITE, W_TUMO, W_EXCIS,
    W_ALL, W_SAMPL, W_SHAV, W_CNT,
    W_PLUS, /* not a word: a '+' in the note ("4 scalp + 3 forehead") */
    W_LISTED, /* not a word: a word, a number and a comma ("scalp 4, forehead 3") */
    W_COUNT
};
_Static_assert(W_COUNT <= 64, "trigger words are bits of a uint64_t");

static const char *const trigger_words[W_COUNT] = {
    [W_TREAT] = "treat", [W_DESTROY] = "destroy", [W_FROZ] = "froz", [W_ABLAT] = "ablat",
    [W_CURETT] = "curett", [W_REMOV] = "remov", [W_SNIP] = "snip", [W_CRYO] = "cryo",
    [W_LN2] = "ln2", [W_CAUTERIZ] = "cauteriz", [W_ELECTRODESICC] = "electrodesicc",
    [W_LIQUID] = "liquid", [W_ACTINIC] = "actinic", [W_AK] = "ak", [W_IRRITATED] = "irritated",
    [W_INFLAMED] = "inflamed", [W_SEBOR] = "sebor", [W_SK] = "sk", [W_ISK] = "isk",
    [W_WART] = "wart", [W_VERRUCA] = "verruca", [W_ACROCHORDON] = "acrochordon", [W_TAG] = "tag",
    [W_MOLLUSCUM] = "mollusc", [W_CHERRY] = "cherry", [W_ANGIOMA] = "angioma",
    [W_LESION] = "lesion", [W_SPOT] = "spot", [W_AREA] = "area", [W_INJECTED] = "injected",
    [W_INTO] = "into", [W_EACH] = "each", [W_SPECIMEN] = "specimen", [W_SUBMITTED] = "submitted",
    [W_SENT] = "sent", [W_OBTAINED] = "obtained", [W_TAKEN] = "taken", [W_LABEL] = "label",
    [W_COLLECTED] = "collected", [W_BIOPS] = "biops", [W_PERFORMED] = "performed",
    [W_DONE] = "done", [W_TOTAL] = "total", [W_MIN] = "min", [W_SPENT] = "spent",
    [W_TIME] = "time", [W_DISCARD] = "discard", [W_WASTE] = "waste", [W_MG] = "mg",
    [W_FREEZ] = "freez", [W_APPLIED] = "applied", [W_TO] = "to", [W_OF] = "of",
    [W_DESTRUCT] = "destruct", [W_BX] = "bx", [W_SITE] = "site", [W_TUMO] = "tumo",
    [W_EXCIS] = "excis", [W_ALL] = "all", [W_SAMPL] = "sampl", [W_SHAV] = "shav",
    [W_CNT] = "count",
};
#define WB(w) ((uint64_t)1 << (w))
/* Words of DESTROYED and of CNOUN's nouns. */
#define T_DESTROYED                                                                                \
    (WB(W_TREAT) | WB(W_DESTROY) | WB(W_FROZ) | WB(W_ABLAT) | WB(W_CURETT) | WB(W_REMOV) |        \
     WB(W_SNIP) | WB(W_CRYO) | WB(W_LN2) | WB(W_CAUTERIZ) | WB(W_ELECTRODESICC) | WB(W_LIQUID))
#define T_CNOUN                                                                                    \
    (WB(W_ACTINIC) | WB(W_AK) | WB(W_IRRITATED) | WB(W_INFLAMED) | WB(W_SEBOR) | WB(W_SK) |       \
     WB(W_ISK) | WB(W_WART) | WB(W_VERRUCA) | WB(W_ACROCHORDON) | WB(W_MOLLUSCUM) |              \
     WB(W_CHERRY) | WB(W_ANGIOMA) | WB(W_LESION) | WB(W_SPOT) | WB(W_AREA) | WB(W_TAG))
/* Words of CNOUN_DX's nouns. */
#define T_CNOUN_DX (T_CNOUN & ~(WB(W_LESION) | WB(W_SPOT) | WB(W_AREA)))

/* Counts, time and waste: the alternatives of what was one pattern, each
 * compiled alone so PCRE2 can find its first word quickly and skipped in
 * a note that lacks its trigger words. find_counts takes the leftmost
 * match of them all, the earlier alternative on a tie: the match the
 * single alternation gave. (The lead words of the third alternative never
 * match at the same place, so splitting it keeps that order.) */
/* "to a total of 12 AKs", "to each of the 17 AKs", "of all 18 mollusca",
 * "twelve (12) AKs" */
#define LC3_TAIL                                                                                   \
    "\\s+(?:a\\s+total\\s+of\\s+|each\\s+of\\s+(?:the\\s+)?|all\\s+(?:of\\s+the\\s+)?)?(?<lc3>" CNT   \
    ")(?:\\s*\\(\\s*[0-9]{1,3}\\s*\\))?\\s+" CNOUN
#define LC3(lead) "\\b(?:" lead ")" LC3_TAIL
typedef struct count_alt {
    const char *re;    /* the alternative */
    da_fact_kind kind; /* fact it states */
    const char *group; /* named group holding the number; a group named ls... holds a
                          list of counts by area, whose sum is the count */
    uint64_t need[3];  /* trigger word sets that must all be present (0: none) */
} count_alt;
static const count_alt count_alts[] = {
    /* lesions destroyed */
    {"\\b(?<lc1>" CNT ")(?:\\s*\\(\\s*[0-9]{1,3}\\s*\\))?\\s+(?:of\\s+(?:the\\s+)?)?" CNOUN "(?:\\s+(?!was\\b|were\\b|with\\b)[\\w/,-]+){0,10}?\\s*,?\\s+(?:were\\s+|was\\s+)?"
     DESTROYED "\\b", DA_FACT_LESION_COUNT, "lc1", {T_CNOUN, T_DESTROYED, 0}},
    {"\\blesions\\s+" DESTROYED "\\s*[:=(#-]+\\s*#?\\s*(?<lc2>" CNT ")\\b", DA_FACT_LESION_COUNT,
     "lc2", {WB(W_LESION), T_DESTROYED, 0}},
    {LC3("treated"), DA_FACT_LESION_COUNT, "lc3", {WB(W_TREAT), T_CNOUN, 0}},
    {LC3("destroyed"), DA_FACT_LESION_COUNT, "lc3", {WB(W_DESTROY), T_CNOUN, 0}},
    {LC3("froze"), DA_FACT_LESION_COUNT, "lc3", {WB(W_FROZ), T_CNOUN, 0}},
    {LC3("freeze"), DA_FACT_LESION_COUNT, "lc3", {WB(W_FREEZ), T_CNOUN, 0}},
    {LC3("applied\\s+to"), DA_FACT_LESION_COUNT, "lc3", {WB(W_APPLIED), WB(W_TO), T_CNOUN}},
    {LC3("cryotherapy\\s+(?:was\\s+applied\\s+)?to"), DA_FACT_LESION_COUNT, "lc3",
     {WB(W_CRYO), WB(W_TO), T_CNOUN}},
    {LC3("(?-i:LN2)\\s+to"), DA_FACT_LESION_COUNT, "lc3", {WB(W_LN2), WB(W_TO), T_CNOUN}},
    {LC3("removed"), DA_FACT_LESION_COUNT, "lc3", {WB(W_REMOV), T_CNOUN, 0}},
    {LC3("snipped"), DA_FACT_LESION_COUNT, "lc3", {WB(W_SNIP), T_CNOUN, 0}},
    {LC3("to"), DA_FACT_LESION_COUNT, "lc3", {WB(W_TO), T_CNOUN, 0}},
    {LC3("(?:destruction)\\s+of"), DA_FACT_LESION_COUNT, "lc3", {WB(W_DESTRUCT), WB(W_OF), T_CNOUN}},
    {LC3("curettage\\s+of"), DA_FACT_LESION_COUNT, "lc3", {WB(W_CURETT), WB(W_OF), T_CNOUN}},
    {LC3("(?:treatment)\\s+of"), DA_FACT_LESION_COUNT, "lc3", {WB(W_TREAT), WB(W_OF), T_CNOUN}},
    {"\\b(?:number|#|no\\.?)\\s+(?:of\\s+)?" CNOUN "\\s+(?:treated|destroyed|frozen|removed)\\s*[:=-]?\\s*"
     "(?<lc4>" CNT ")\\b", DA_FACT_LESION_COUNT, "lc4",
     {T_CNOUN, WB(W_TREAT) | WB(W_DESTROY) | WB(W_FROZ) | WB(W_REMOV), 0}},
    /* a total after a count by area: "forehead 5, scalp 6 = 16 AKs total",
     * "Total: 9 AKs", "18 molluscum in total" */
    {"(?:=|\\btotal(?:\\s+of)?\\s*[:=]?)\\s*(?<lc5>" CNT ")(?:\\s*\\(\\s*[0-9]{1,3}\\s*\\))?\\s+" CNOUN "\\b",
     DA_FACT_LESION_COUNT, "lc5", {T_CNOUN, 0, 0}},
    {"\\b(?<lc6>[0-9]{1,3})\\s+" CNOUN_DX "\\s+(?:were\\s+)?(?:in\\s+)?total\\b", DA_FACT_LESION_COUNT, "lc6",
     {T_CNOUN_DX, WB(W_TOTAL), 0}},
    /* counts by area after the lesions: "the actinic keratoses listed above
     * (4 scalp + 3 forehead + 2 L temple)", "Actinic keratoses: scalp 4,
     * forehead 3, left temple 2" (no word in -ed: "treated 4, deferred 3"
     * is no list of areas) */
    {CNOUN_DX "[^.\\n]{0,80}?(?<![0-9])(?<ls1>[0-9]{1,2}\\s+(?:[a-z]{1,3}\\.?\\s+)?[a-z]{3,}(?:\\s*\\+\\s*[0-9]{1,2}"
     "\\s+(?:[a-z]{1,3}\\.?\\s+)?[a-z]{3,})+)\\b", DA_FACT_LESION_COUNT, "ls1", {T_CNOUN_DX, WB(W_PLUS), 0}},
    {CNOUN_DX "[ \\t]*[:-][ \\t]*(?<ls2>(?:(?![a-z]*ed\\b)[a-z]+[ \\t]+){0,2}?(?![a-z]*ed\\b)[a-z]{3,}[ \\t]+[0-9]{1,2}"
     "(?:[ \\t]*,[ \\t]*(?:(?![a-z]*ed\\b)[a-z]+[ \\t]+){0,2}?(?![a-z]*ed\\b)[a-z]{3,}[ \\t]+[0-9]{1,2}(?![0-9]))+)"
     "(?![0-9.]|[ \\t]*(?:mm|cm|%))", DA_FACT_LESION_COUNT, "ls2", {T_CNOUN_DX, WB(W_LISTED), 0}},
    /* a destruction block's own field: " Count: 18 (as mapped above)" */
    {"(?<=^|\\n)[ \\t]*(?:-[ \\t]*)?(?:lesion\\s+)?count\\s*[:=]\\s*(?<lc7>[0-9]{1,2})\\b(?!\\s*(?:mm|cm|%|/|\\.[0-9]))",
     DA_FACT_LESION_COUNT, "lc7", {WB(W_CNT), 0, 0}},
    /* lesions injected ("Lesions injected: 3", "Lesions injected today (9 total)") */
    {"\\b(?:number\\s+of\\s+)?" INJ_NOUNS "\\s+injected(?:\\s+today)?\\s*"
     "[:=(-]?\\s*(?<li1>" CNT ")\\b", DA_FACT_LESIONS_INJECTED, "li1", {WB(W_INJECTED), 0, 0}},
    /* "Patches treated today (5):", "ILK to each papule, 9 total", "22 mg
     * triamcinolone across the five patches" */
    {"\\b" INJ_NOUNS "\\s+(?:treated|injected)(?:\\s+today)?\\s*[:(]\\s*(?<li6>" CNT ")\\b",
     DA_FACT_LESIONS_INJECTED, "li6", {WB(W_TREAT) | WB(W_INJECTED), 0, 0}},
    {"\\bto\\s+each\\s+(?:lesion|keloid|cyst|scar|site|area|plaque|nodule|patch|papule)\\s*,\\s*"
     "(?<li7>" CNT ")\\s+total\\b", DA_FACT_LESIONS_INJECTED, "li7", {WB(W_EACH), WB(W_TOTAL), 0}},
    {"\\b(?:across|among|between)\\s+(?:all\\s+)?(?:the\\s+)?(?<li8>" CNT ")\\s+(?:[\\w-]+\\s+){0,2}?"
     INJ_NOUNS "\\b", DA_FACT_LESIONS_INJECTED, "li8", {WB(W_INJECTED), 0, 0}},
    /* "Total volume 1.4 mL = 14 mg into 9 lesions" */
    {"\\binto\\s+(?:a\\s+total\\s+of\\s+|all\\s+)?(?:the\\s+)?(?<li5>" CNT ")\\s+(?:[\\w-]+\\s+){0,2}?" INJ_NOUNS
     "\\b", DA_FACT_LESIONS_INJECTED, "li5", {WB(W_INTO), 0, 0}},
    {"\\binto\\s+each\\s+of\\s+(?:the\\s+)?(?<li4>" CNT ")\\b", DA_FACT_LESIONS_INJECTED, "li4",
     {WB(W_INTO), WB(W_EACH), 0}},
    {"\\binjected\\s+(?:intralesionally\\s+)?(?:into\\s+)?(?:a\\s+total\\s+of\\s+|each\\s+of\\s+)?(?:the\\s+)?(?<li2>" CNT ")\\s+"
     "(?:[\\w-]+\\s+){0,2}?" INJ_NOUNS "\\b",
     DA_FACT_LESIONS_INJECTED, "li2", {WB(W_INJECTED), 0, 0}},
    {"\\b(?<li3>" CNT ")\\s+(?:[\\w-]+\\s+){0,2}?" INJ_NOUNS "\\s+"
     "(?:were\\s+)?injected\\b", DA_FACT_LESIONS_INJECTED, "li3", {WB(W_INJECTED), 0, 0}},
    /* specimens and biopsies */
    {"\\b(?<sc1>" CNT ")\\s+(?:separate\\s+|total\\s+)?specimens?\\s+(?:were\\s+|was\\s+)?(?:submitted|sent|"
     "obtained|taken|labell?ed|collected)\\b", DA_FACT_SPECIMEN_COUNT, "sc1",
     {WB(W_SPECIMEN), WB(W_SUBMITTED) | WB(W_SENT) | WB(W_OBTAINED) | WB(W_TAKEN) | WB(W_LABEL) |
      WB(W_COLLECTED), 0}},
    {"\\b(?:specimens?\\s+(?:submitted|sent|obtained)|number\\s+of\\s+specimens|total\\s+specimens)\\s*"
     "[:=-]?\\s*(?<sc2>" CNT ")\\b", DA_FACT_SPECIMEN_COUNT, "sc2", {WB(W_SPECIMEN), 0, 0}},
    {"\\b(?<sc3>" CNT ")\\s+(?:[\\w-]+\\s+)?biops(?:y|ies)\\s+(?:were\\s+|was\\s+)?(?:taken|obtained|"
     "performed|submitted|done)\\b", DA_FACT_SPECIMEN_COUNT, "sc3",
     {WB(W_BIOPS), WB(W_TAKEN) | WB(W_OBTAINED) | WB(W_PERFORMED) | WB(W_SUBMITTED) | WB(W_DONE),
      0}},
    {"\\bbiopsies\\s*(?:taken|obtained|performed)?\\s*[:=]\\s*(?<sc4>" CNT ")\\b",
     DA_FACT_SPECIMEN_COUNT, "sc4", {WB(W_BIOPS), 0, 0}},
    /* total time */
    {"\\btotal\\s+(?:time|face[\\s-]+to[\\s-]+face\\s+time|visit\\s+time)[^0-9\\n.]{0,60}?(?<tt1>[0-9]{1,3})"
     "\\s*(?:min(?:utes?|s)?)\\b", DA_FACT_TOTAL_TIME, "tt1", {WB(W_TOTAL), WB(W_MIN), 0}},
    {"\\bspent\\s+(?:a\\s+total\\s+of\\s+|over\\s+)?(?<tt2>[0-9]{1,3})\\s*(?:min(?:utes?|s)?)\\b",
     DA_FACT_TOTAL_TIME, "tt2", {WB(W_SPENT), WB(W_MIN), 0}},
    {"\\b(?<tt3>[0-9]{1,3})\\s*(?:min(?:utes?|s)?)\\s+(?:of\\s+)?total\\s+time\\b",
     DA_FACT_TOTAL_TIME, "tt3", {WB(W_MIN), WB(W_TOTAL), WB(W_TIME)}},
    /* waste; a waste word followed by its own amount is a field's label
     * ("Dose 100 mg  Discarded 0 mg"): the amount before it is another field's */
    {"\\b(?:discarded|wasted|waste(?:d)?(?:\\s+amount)?)\\s*[:=-]?\\s*(?:of\\s+)?(?<w1>" DNUM ")\\s*mg\\b",
     DA_FACT_DRUG_WASTE, "w1", {WB(W_DISCARD) | WB(W_WASTE), WB(W_MG), 0}},
    {"\\b(?<w2>" DNUM ")\\s*mg\\s+(?:was\\s+|were\\s+|of\\s+\\w+\\s+(?:was\\s+)?)?(?:discarded|wasted)\\b" WASTE_LABEL,
     DA_FACT_DRUG_WASTE, "w2", {WB(W_MG), WB(W_DISCARD) | WB(W_WASTE), 0}},
    /* lesions or procedures the note counts: "three lesions were biopsied",
     * "biopsies x3", "biopsy of two lesions", "all three tumors" (what is
     * counted in the MARK: 1 biopsies, 2 excisions, 3 tumors, 0 lesions) */
    {"\\b(?<pc1>" CNT ")\\s+(?:separate\\s+|distinct\\s+|different\\s+|additional\\s+|suspicious\\s+|"
     "pigmented\\s+)?(?:(?:shave|punch|tangential|excisional)\\s+)?(?:(?:biops(?:y|ies)|bx)(*MARK:1)|"
     "excisions?(*MARK:2)|(?:tumou?rs?|sites?)(*MARK:3)|(?:lesions?|moles?|nevi|growths?)(*MARK:0))\\s+"
     "(?:were\\s+|was\\s+)?(?:biopsied|sampled|excised|shaved|performed|taken|obtained|done)\\b",
     DA_FACT_PROCEDURE_COUNT, "pc1", {WB(W_BIOPS) | WB(W_BX) | WB(W_EXCIS) | WB(W_SHAV) |
                                          WB(W_SAMPL) | WB(W_PERFORMED) | WB(W_TAKEN) |
                                          WB(W_OBTAINED) | WB(W_DONE), 0, 0}},
    {"\\b(?:(?:shave|punch|tangential)\\s+)?(?:(?:biops(?:y|ies)|bx)(*MARK:1)|excisions?(*MARK:2))\\s*"
     "(?:x|\\x{00D7})\\s*(?<pc2>[0-9]{1,2})\\b", DA_FACT_PROCEDURE_COUNT, "pc2",
     {WB(W_BIOPS) | WB(W_BX) | WB(W_EXCIS), 0, 0}},
    {"\\b(?:(?:shave\\s+|punch\\s+)?biops(?:y|ied)(*MARK:1)|excision(*MARK:2)|(?:removal|shave\\s+removal)"
     "(*MARK:0))\\s+of\\s+(?:the\\s+)?(?<pc3>two|three|four|five|six|[2-9])\\s+(?:separate\\s+|distinct\\s+|"
     "different\\s+|suspicious\\s+|pigmented\\s+)?(?:lesions|sites|areas|moles|nevi|growths|spots)\\b",
     DA_FACT_PROCEDURE_COUNT, "pc3", {WB(W_BIOPS) | WB(W_EXCIS) | WB(W_REMOV) | WB(W_SHAV), WB(W_OF), 0}},
    {"\\ball\\s+(?<pc4>two|three|four|five|[2-9])\\s+(?:(?:tumou?rs|sites)(*MARK:3)|(?:biopsies|specimens)"
     "(*MARK:1)|lesions(*MARK:0))\\b", DA_FACT_PROCEDURE_COUNT, "pc4", {WB(W_ALL), 0, 0}},
};
#define N_COUNT_ALTS (sizeof(count_alts) / sizeof(count_alts[0]))

/* Amounts near a drug name. */
static const char dose_pattern[] =
    "(?:(?:=|total(?:\\s+(?:dose|of|administered|injected))?\\s*[:=]?|dose\\s+(?:administered|given|injected)"
    "(?:\\s+today)?\\s*[:=])\\s*(?<tmg>" DNUM ")\\s*mg\\b(?!\\s*/)"
    "|(?<![\\w.])(?<tmg2>" DNUM ")\\s*mg\\s+total\\b"
    "|(?<![\\w.])(?<pmg>" DNUM ")\\s*mg\\s*/\\s*(?<pml>" DNUM ")\\s*(?:ml|cc)\\b"
    "|(?<![\\w.])(?<cmg>" DNUM ")\\s*mg\\s*/\\s*(?:ml|cc)\\b"
    "|(?<![\\w.])(?<tml>" DNUM ")\\s*(?:ml|cc)\\s+total\\b|total\\s+(?:volume\\s+)?(?:(?:injected|administered|given|used)\\s*)?(?:of\\s+)?[:=]?\\s*(?<tml2>" DNUM ")\\s*(?:ml|cc)\\b"
    "|(?<![\\w.])(?<ml>" DNUM ")\\s*(?:ml|cc)\\b"
    "|(?<![\\w.])(?<mg>" DNUM ")\\s*(?:mg|milligrams?)\\b(?!\\s*/)(?!\\s*(?:was\\s+|were\\s+)?(?:discarded|wasted)\\b" WASTE_LABEL ")"
    /* not a prescription's sig ("cetirizine 10 mg daily", "300 mg every 4 weeks") */
    "(?!\\s*(?:po|bid|tid|qid|qd|qhs|qam|qpm|daily|nightly|once|twice|every|weekly|monthly|q\\s*[0-9])\\b))";

/* A whole container given ("entire dose administered", "whole syringe
 * given", "contents of both syringes administered"), and how many
 * ("x1", "two ... syringes", "both syringes"). */
static const char whole_pattern[] =
    "\\b(?<whole>(?:entire|whole|full|complete)\\s+(?:dose|contents?|syringes?|pens?|vials?|"
    "autoinjectors?|amount)|contents\\s+of\\s+(?:the\\s+|both\\s+|all\\s+)?(?:syringes?|pens?|vials?))\\b"
    "|\\bx\\s*(?<nx>[1-4])\\b"
    "|\\b(?<nw>one|two|three|four|both|[1-4])\\s+(?!(?:ml|cc|mg|mcg)\\b)(?:[\\w/.-]+\\s+){0,6}?(?:syringes?|pens?|"
    "autoinjectors?|PFS)\\b";

/* Words that make a drug mention an administration rather than a list or a plan. */
static const char admin_pattern[] =
    "\\b(?:inject\\w*|administer\\w*|given|gave|supplied|infiltrat\\w*|instilled|intralesional\\w*|(?-i:ILK|IL)|"
    "medication\\s*:|drug\\s*:|dose\\s*:|diluted|dilution|vials?|syringe|(?-i:PFS)|lot|(?-i:NDC)|wasted|discarded|"
    "mg\\s*/\\s*ml)(?!\\w)";
/* A topical or other non-injected form right after a drug name. */
static const char topical_pattern[] =
    "\\G[^.;\\n]{0,25}?\\b(?:cream|ointment|oint|lotion|solution|foam|gel|paste|topical(?:ly)?|"
    "orabase|spray|shampoo|tape|[0-9.]+\\s*%)";
/* A sentence that is about a prescription. Drugs the office gives by
 * injection (omalizumab, tildrakizumab) are not on it: ordering an
 * in-office injection is not prescription drug management (coding-rules.md
 * 9.2, CMS Q&A); a biologic the patient injects at home is. */
static const char rxctx_pattern[] =
    "\\b(?:prescription|prescribed|e-?prescribed|(?-i:Rx|RX|rx)|refills?|pharmacy|"
    "clobetasol|triamcinolone|betamethasone|fluocinonide|desonide|mometasone|halobetasol|"
    "hydrocortisone\\s+2\\.5|tacrolimus|pimecrolimus|crisaborole|ruxolitinib|tretinoin|tazarotene|"
    "adapalene|clindamycin|erythromycin|doxycycline|minocycline|spironolactone|isotretinoin|"
    "metronidazole|ivermectin|azelaic|ketoconazole|ciclopirox|terbinafine|fluconazole|itraconazole|"
    "valacyclovir|acyclovir|methotrexate|cyclosporine|apremilast|otezla|prednisone|hydroxyzine|"
    "fluorouracil|5-?fu|efudex|imiquimod|aldara|mupirocin|cephalexin|bactrim|finasteride|"
    "calcipotriene|dupilumab|dupixent|upadacitinib|rinvoq|abrocitinib|deucravacitinib|sotyktu|"
    "adalimumab|humira|secukinumab|cosentyx|ixekizumab|taltz|guselkumab|tremfya|risankizumab|"
    "skyrizi|ustekinumab|stelara|biologic|tofacitinib|"
    "dapsone|ruxolitinib|opzelura|ammonium\\s+lactate|urea\\s+40)\\b";

/* Verbs that remove or sample tissue: a sentence using one states a
 * procedure, and a lesion whose procedure no term names is a reading gap
 * (what is removed that is no lesion: not_a_lesion). */
static const char removal_pattern[] =
    "\\b(?:removed|excised|shaved|biopsied|sampled|saucerized|curetted|snipped|"
    "destroyed|ablated)\\b";

/* ---- terms: one alternation for every word-level fact family ------------ */


/* ---- the extractor ---------------------------------------------------- */

enum pattern {
    PAT_SITE,
    PAT_MOHS,
    PAT_MOHS_VETO_BEFORE,
    PAT_MOHS_VETO_AFTER,
    PAT_MOHS_UNIT,
    PAT_STAGE,
    PAT_STAGE_COUNT,
    PAT_DEEP,
    PAT_NEGATION,
    PAT_TERMS,
    PAT_TERMS2,
    PAT_CUE,
    PAT_POSTCUE,
    PAT_AREA,
    PAT_AREALABEL,
    PAT_COUNT_AFTER,
    PAT_DRUG,
    PAT_DOSE,
    PAT_ADMIN,
    PAT_WHOLE,
    PAT_TOPICAL,
    PAT_RXCTX,
    PAT_SERVICE,
    PAT_REMOVAL,
    PAT_COUNT
};

/* Named groups read after a match, resolved to numbers at load time. */
enum group {
    G_SIDE,                                           /* site */
    G_SN1, G_SN2, G_SN3, G_SN4, G_SN5, G_SN6,         /* stage number */
    G_SO1, G_SO2, G_SO3, G_SO4,                       /* stage ordinal */
    G_BN1, G_BN2, G_BN5, G_BN6, G_BN7,                /* blocks */
    G_CN1, G_CN2, G_CN3, G_CN4, G_CN5, G_CN6, G_CN7,  /* stage count */
    G_TOT, G_TOT2,                                    /* "total" blocks */
    G_EACH,                                           /* blocks "in each stage" */
    G_CONTRAST,                                       /* negation clause break */
    G_AN, G_AMM, G_AMM2, G_AMM3,                      /* area number and mm units */
    G_CA1, G_CA2,                                     /* a count after a diagnosis */
    G_TMG, G_TMG2, G_CMG, G_TML, G_TML2, G_ML, G_MG,  /* dose parts */
    G_PMG, G_PML,                                     /* a container's content */
    G_WHOLE, G_NX, G_NW,                              /* a whole container, how many */
    G_COUNT
};

static const struct {
    enum pattern pattern; /* pattern the group belongs to */
    const char *name;     /* group name in it */
} group_names[G_COUNT] = {
    [G_SIDE] = {PAT_SITE, "side"},     [G_SN1] = {PAT_STAGE, "sn1"},
    [G_SN2] = {PAT_STAGE, "sn2"},      [G_SN3] = {PAT_STAGE, "sn3"},
    [G_SN4] = {PAT_STAGE, "sn4"},      [G_SN5] = {PAT_STAGE, "sn5"},
    [G_SN6] = {PAT_STAGE, "sn6"},
    [G_SO1] = {PAT_STAGE, "so1"},      [G_SO2] = {PAT_STAGE, "so2"},
    [G_SO3] = {PAT_STAGE, "so3"},      [G_SO4] = {PAT_STAGE, "so4"},
    [G_BN1] = {PAT_STAGE, "bn1"},      [G_BN2] = {PAT_STAGE, "bn2"},
    [G_BN5] = {PAT_STAGE, "bn5"},      [G_BN6] = {PAT_STAGE, "bn6"},
    [G_BN7] = {PAT_STAGE, "bn7"},
    [G_EACH] = {PAT_STAGE, "each"},
    [G_CN1] = {PAT_STAGE_COUNT, "cn1"},      [G_CN2] = {PAT_STAGE_COUNT, "cn2"},
    [G_CN3] = {PAT_STAGE_COUNT, "cn3"},      [G_CN4] = {PAT_STAGE_COUNT, "cn4"},
    [G_CN5] = {PAT_STAGE_COUNT, "cn5"},      [G_CN6] = {PAT_STAGE_COUNT, "cn6"},
    [G_CN7] = {PAT_STAGE_COUNT, "cn7"},
    [G_TOT] = {PAT_STAGE, "tot"},
    [G_TOT2] = {PAT_STAGE, "tot2"},    [G_CONTRAST] = {PAT_NEGATION, "contrast"},
    [G_AN] = {PAT_AREA, "an"},         [G_AMM] = {PAT_AREA, "amm"},
    [G_AMM2] = {PAT_AREA, "amm2"},     [G_AMM3] = {PAT_AREA, "amm3"},
    [G_CA1] = {PAT_COUNT_AFTER, "ca1"}, [G_CA2] = {PAT_COUNT_AFTER, "ca2"},
    [G_TMG] = {PAT_DOSE, "tmg"},       [G_TMG2] = {PAT_DOSE, "tmg2"},
    [G_CMG] = {PAT_DOSE, "cmg"},
    [G_TML] = {PAT_DOSE, "tml"},       [G_TML2] = {PAT_DOSE, "tml2"},
    [G_ML] = {PAT_DOSE, "ml"},         [G_MG] = {PAT_DOSE, "mg"},
    [G_PMG] = {PAT_DOSE, "pmg"},       [G_PML] = {PAT_DOSE, "pml"},
    [G_WHOLE] = {PAT_WHOLE, "whole"},  [G_NX] = {PAT_WHOLE, "nx"},
    [G_NW] = {PAT_WHOLE, "nw"},
};

typedef struct status_cue {
    size_t start;  /* first byte of the status word */
    size_t end;    /* one past it */
    int status;    /* da_problem_status */
} status_cue;

struct da_extractor {
    da_vocab vocab;                  /* the vocabulary tables */
    da_rx_ctx rx;                    /* match settings, limits and the last match */
    da_rx pat[PAT_COUNT];            /* compiled patterns */
    uint32_t group[G_COUNT];         /* capture group numbers */
    da_fact_list *out;               /* facts of the current note */
    da_sectioner sectioner;          /* the first stage: titles */
    da_section_list sections;        /* sections of the current note */
    da_segmenter segmenter;          /* the second stage: lesions */
    da_measurer measurer;            /* the third stage: lengths and their roles */
    da_segment_list segments;        /* lesions of the current note */
    int lab;                         /* laboratory the note names (da_lab) */
    status_cue *status;              /* problem status words of the current note, reused */
    size_t nstatus, status_cap;      /* used and allocated */
    size_t rx_sentence;              /* sentence whose prescription context was looked up last */
    bool rx_value;                   /* whether it names a prescription */
    unsigned last_cues;              /* cues of the last term checked */
    bool block_is_specimen;          /* the current lesion names a pathology specimen */
    da_fact_list scan_list;          /* da_extract_scan's list: only its limit flag is used */
    pcre2_match_data *term_md[2];    /* the last match of each term alternation */
    da_rx count_re[N_COUNT_ALTS];              /* count_alts, compiled */
    pcre2_match_data *count_md[N_COUNT_ALTS];  /* each one's last match, kept across matches */
    uint32_t count_group[N_COUNT_ALTS];        /* each one's number group */
    bool counts_stopped;                       /* a count alternative hit a limit in this note */
    bool mohs_unit;                            /* the note names a Mohs unit ("Mohs Surgery
                                                * Center"), its only Mohs words maybe */
    uint64_t words;                            /* trigger words of the current note (WB bits) */
    uint64_t words_by_pair[26][26];            /* trigger words by first two letters (WB bits) */
    da_date dos;                               /* date of service of the notes read, or DA_DATE_NONE */
    const da_sites *sites;                     /* site table (borrowed) */
    const da_drugs *drugs;                     /* drug table (borrowed) */
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The services not audited of rules/services.csv as one alternation. */
static char *service_pattern_build(const da_extractor *x)
{
    da_rx_terms *terms = da_rx_terms_new();
    for (size_t i = 0; i < x->vocab.nservices; i++)
        da_rx_terms_add(terms, x->vocab.services[i].pattern, (int)i);
    return da_rx_alternation("\\b(?:", ")(?!\\w)", terms);
}

/* The term table is too big for one PCRE2 pattern (its compiled size is
 * limited to 64 KiB): the words of what a note says about the patient
 * (diagnoses, necessity, problem statuses, E/M words) are one alternation,
 * the words of what was done the other, and find_terms reads them as one. */
static bool term_part(const da_term *t)
{
    switch (t->kind) {
    case DA_FACT_DIAGNOSIS: case DA_FACT_NECESSITY: case DA_TERM_STATUS: case DA_FACT_DATA:
    case DA_FACT_RX: case DA_FACT_OTC: case DA_FACT_PATIENT: case DA_FACT_SEPARATE_EM:
    case DA_FACT_COSMETIC: case DA_FACT_POSTOP:
        return 1;
    default:
        return 0;
    }
}

static char *term_pattern_build(const da_extractor *x, bool part)
{
    da_rx_terms *terms = da_rx_terms_new();
    for (size_t i = 0; i < x->vocab.nterms; i++)
        if (term_part(&x->vocab.terms[i]) == part)
            da_rx_terms_add(terms, x->vocab.terms[i].pattern, (int)i);
    return da_rx_alternation("\\b(?<!non-)(?<!non)(?:", ")(?!\\w)", terms);
}

/* Ceiling of the escaped drug names the drug pattern is built from: the
 * built-in table's names take about 1 KiB escaped, and PCRE2 would refuse a
 * pattern past 64 KiB anyway; 1 MiB only stops a table gone wrong early. */
#define DRUG_NAMES_MAX ((size_t)1 << 20)

/* The drug names of the drug table as literal alternatives; a hyphen
 * matches a space too ("Kenalog-40", "kenalog 40"). */
static char *drug_pattern_build(const da_drugs *drugs)
{
    da_buf escaped;
    da_buf_init(&escaped, DRUG_NAMES_MAX);
    size_t *offsets = da_xcalloc(da_drugs_count(drugs) + 1, sizeof(*offsets));
    for (size_t d = 0; d < da_drugs_count(drugs); d++) {
        offsets[d] = escaped.len;
        for (const char *p = da_drug_get(drugs, (int)d)->names; *p; p++) {
            if (*p == '-')
                (void)da_buf_append_str(&escaped, "[\\s-]?");
            else if (*p != '|' && strchr(".^$*+?()[]{}\\", *p)) {
                (void)da_buf_append_char(&escaped, '\\');
                (void)da_buf_append_char(&escaped, *p);
            } else {
                (void)da_buf_append_char(&escaped, *p);
            }
        }
        (void)da_buf_append_char(&escaped, '\0');
    }
    da_rx_terms *terms = da_rx_terms_new();
    for (size_t d = 0; d < da_drugs_count(drugs); d++)
        da_rx_terms_add(terms, escaped.data + offsets[d], (int)d);
    char *pat = da_rx_alternation("(?<![\\w-])(?:", ")(?!\\w)", terms);
    free(offsets);
    da_buf_free(&escaped);
    return pat;
}

da_error da_extractor_new(da_extractor **out, const da_sites *sites, const da_drugs *drugs)
{
    *out = NULL;
    da_extractor *x = da_xcalloc(1, sizeof(*x));
    x->dos = DA_DATE_NONE;
    x->sites = sites;
    x->drugs = drugs;
    da_error err = da_vocab_load(&x->vocab, NULL);
    if (err != DA_OK) {
        free(x);
        return err;
    }
    err = da_rx_ctx_init(&x->rx);
    if (err != DA_OK) {
        da_vocab_free(&x->vocab);
        free(x);
        return err;
    }
    da_sections_init(&x->sections);
    da_segments_init(&x->segments);
    err = da_sectioner_init(&x->sectioner, &x->rx, &x->vocab);
    if (err == DA_OK)
        err = da_segmenter_init(&x->segmenter, &x->rx, sites);
    if (err == DA_OK)
        err = da_measurer_init(&x->measurer, &x->rx, &x->vocab);
    char *site_pattern = da_sites_pattern(sites);
    char *term_pattern = term_pattern_build(x, 0);
    char *term2_pattern = term_pattern_build(x, 1);
    char *drug_pattern = drug_pattern_build(drugs);
    char *service_pattern = service_pattern_build(x);
    const char *patterns[PAT_COUNT] = {
        [PAT_SITE] = site_pattern,
        [PAT_MOHS] = mohs_pattern,
        [PAT_MOHS_VETO_BEFORE] = mohs_veto_before_pattern,
        [PAT_MOHS_VETO_AFTER] = mohs_veto_after_pattern,
        [PAT_MOHS_UNIT] = mohs_unit_pattern,
        [PAT_STAGE] = stage_pattern,
        [PAT_STAGE_COUNT] = stage_count_pattern,
        [PAT_DEEP] = deep_pattern,
        [PAT_NEGATION] = negation_pattern,
        [PAT_TERMS] = term_pattern,
        [PAT_TERMS2] = term2_pattern,
        [PAT_CUE] = cue_pattern,
        [PAT_POSTCUE] = postcue_pattern,
        [PAT_AREA] = area_pattern,
        [PAT_AREALABEL] = arealabel_pattern,
        [PAT_COUNT_AFTER] = count_after_pattern,
        [PAT_DRUG] = drug_pattern,
        [PAT_DOSE] = dose_pattern,
        [PAT_ADMIN] = admin_pattern,
        [PAT_WHOLE] = whole_pattern,
        [PAT_TOPICAL] = topical_pattern,
        [PAT_RXCTX] = rxctx_pattern,
        [PAT_SERVICE] = service_pattern,
        [PAT_REMOVAL] = removal_pattern,
    };
    for (int p = 0; p < PAT_COUNT && err == DA_OK; p++)
        err = da_rx_compile(&x->rx, &x->pat[p], patterns[p]);
    free(site_pattern);
    free(term_pattern);
    free(term2_pattern);
    free(drug_pattern);
    free(service_pattern);
    /* Each count alternative keeps its own match data: its next match
     * waits there while the others and the context checks run. */
    for (size_t i = 0; i < N_COUNT_ALTS && err == DA_OK; i++) {
        err = da_rx_compile(&x->rx, &x->count_re[i], count_alts[i].re);
        if (err != DA_OK)
            break;
        x->count_group[i] = da_rx_group_number(&x->count_re[i], count_alts[i].group);
        x->count_md[i] = pcre2_match_data_create_from_pattern(x->count_re[i].utf, NULL);
        if (!x->count_group[i] || !x->count_md[i])
            err = DA_ERR_INTERNAL;
    }
    for (int p = 0; p < 2 && err == DA_OK; p++) {
        x->term_md[p] = pcre2_match_data_create_from_pattern(x->pat[PAT_TERMS + p].utf, NULL);
        if (!x->term_md[p])
            err = DA_ERR_INTERNAL;
    }
    for (int k = 0; k < W_COUNT; k++)
        if (trigger_words[k])
            x->words_by_pair[trigger_words[k][0] - 'a'][trigger_words[k][1] - 'a'] |= WB(k);
    for (int g = 0; g < G_COUNT && err == DA_OK; g++) {
        x->group[g] = da_rx_group_number(&x->pat[group_names[g].pattern], group_names[g].name);
        if (!x->group[g])
            err = DA_ERR_INTERNAL;
    }
    if (err != DA_OK) {
        da_extractor_free(x);
        return err;
    }
    *out = x;
    return DA_OK;
}

void da_extractor_free(da_extractor *x)
{
    if (!x)
        return;
    for (int p = 0; p < PAT_COUNT; p++)
        da_rx_free(&x->pat[p]);
    for (size_t i = 0; i < N_COUNT_ALTS; i++) {
        da_rx_free(&x->count_re[i]);
        pcre2_match_data_free(x->count_md[i]);
    }
    for (int p = 0; p < 2; p++)
        pcre2_match_data_free(x->term_md[p]);
    da_sectioner_free(&x->sectioner);
    da_sections_free(&x->sections);
    da_segmenter_free(&x->segmenter);
    da_measurer_free(&x->measurer);
    da_segments_free(&x->segments);
    da_rx_ctx_free(&x->rx);
    da_vocab_free(&x->vocab);
    free(x->status);
    free(x);
}

const da_service_row *da_extractor_service(const da_extractor *x, int row)
{
    return row >= 0 && (size_t)row < x->vocab.nservices ? &x->vocab.services[row] : NULL;
}

bool da_extractor_uses_jit(const da_extractor *x)
{
    return x->rx.jit;
}

void da_extractor_set_match_limit(da_extractor *x, uint32_t limit)
{
    da_rx_ctx_set_match_limit(&x->rx, limit);
}

void da_extractor_set_date(da_extractor *x, da_date dos)
{
    x->dos = dos;
}

void da_extractor_set_filter_after(da_extractor *x, size_t bytes)
{
    x->rx.filter_after = bytes;
}

/* ---- matching helpers ------------------------------------------------- */

/* Finds the first match of pattern p in text[from..end). A limit error
 * stops the pattern for the rest of the note and marks the note. */
static da_rx_result match(da_extractor *x, enum pattern p, const char *text, size_t from,
                          size_t end)
{
    return da_rx_find(&x->rx, &x->pat[p], text, from, end);
}

/* True when a limit stopped pattern p in the current note. */
static bool stopped(const da_extractor *x, enum pattern p)
{
    return x->pat[p].stopped == x->rx.text;
}

static size_t match_start(const da_extractor *x)
{
    return da_rx_start(&x->rx);
}

static size_t match_end(const da_extractor *x)
{
    return da_rx_end(&x->rx);
}

/* Where the next search starts (da_rx_next). */
static size_t next_from(const da_extractor *x, const char *text, size_t end)
{
    return da_rx_next(x->rx.md, text, end);
}

/* The span of group g in the last match, false when it did not take part. */
static bool group_span(const da_extractor *x, enum group g, size_t *s, size_t *e)
{
    return da_rx_group(x->rx.md, x->group[g], s, e);
}

/* The first of several alternative groups that took part, or G_COUNT. */
static enum group first_set(const da_extractor *x, const enum group *gs, size_t n, size_t *s,
                            size_t *e)
{
    for (size_t i = 0; i < n; i++)
        if (group_span(x, gs[i], s, e))
            return gs[i];
    return G_COUNT;
}

static bool ci_prefix(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/* Case-insensitive search for an ASCII lower-case needle: the cheap
 * trigger that decides whether a pattern family runs at all. */
static bool ci_contains(const char *s, size_t len, const char *needle)
{
    char first = needle[0];
    char upper = first >= 'a' && first <= 'z' ? (char)(first - 'a' + 'A') : first;
    const char *end = s + len;
    /* memchr for each case of the first byte: the next place of each is kept
     * until the search passes it. */
    const char *lo = memchr(s, first, len), *up = upper != first ? memchr(s, upper, len) : NULL;
    while (lo || up) {
        const char *p = !up || (lo && lo < up) ? lo : up;
        if (ci_prefix(p, (size_t)(end - p), needle))
            return true;
        if (p == lo)
            lo = p + 1 < end ? memchr(p + 1, first, (size_t)(end - p - 1)) : NULL;
        else
            up = p + 1 < end ? memchr(p + 1, upper, (size_t)(end - p - 1)) : NULL;
    }
    return false;
}

/* A numeral as written: digits, roman I-X, one-twelve, first-tenth, 1st. */
static int numeral_value(const char *s, size_t len)
{
    static const char *const words[] = {"one",      "two",      "three",     "four",
                                        "five",     "six",      "seven",     "eight",
                                        "nine",     "ten",      "eleven",    "twelve",
                                        "thirteen", "fourteen", "fifteen",   "sixteen",
                                        "seventeen", "eighteen", "nineteen"};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty"};
    static const char *const ordinals[] = {"first", "second", "third", "fourth", "fifth",
                                           "sixth", "seventh", "eighth", "ninth", "tenth"};
    static const char *const romans[] = {"i", "ii", "iii", "iv", "v",
                                         "vi", "vii", "viii", "ix", "x"};
    if (len && s[0] >= '0' && s[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (s[i] - '0');
        return v;
    }
    for (int i = 0; i < 19; i++)
        if (strlen(words[i]) == len && ci_prefix(s, len, words[i]))
            return i + 1;
    /* "twenty", "twenty-two", "thirty one" */
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(tens[i]);
        if (len < n || !ci_prefix(s, n, tens[i]))
            continue;
        if (len == n)
            return 20 + 10 * i;
        if (s[n] != '-' && s[n] != ' ')
            return 0;
        for (int k = 0; k < 9; k++)
            if (strlen(words[k]) == len - n - 1 && ci_prefix(s + n + 1, len - n - 1, words[k]))
                return 20 + 10 * i + k + 1;
        return 0;
    }
    for (int i = 0; i < 10; i++)
        if (strlen(ordinals[i]) == len && ci_prefix(s, len, ordinals[i]))
            return i + 1;
    for (int i = 0; i < 10; i++)
        if (strlen(romans[i]) == len && ci_prefix(s, len, romans[i]))
            return i + 1;
    if (ci_prefix(s, len, "a single") || ci_prefix(s, len, "single"))
        return 1;
    return 0;
}

static void add_fact(da_extractor *x, da_fact_kind kind, int lesion, double value, double value2,
                     int site, size_t start, size_t end)
{
    da_fact f = {.kind = kind, .lesion = lesion, .value = value, .value2 = value2, .site = site,
                 .ref = -1, .start = start, .end = end};
    da_facts_add(x->out, &f);
}

/* ---- families --------------------------------------------------------- */

static unsigned context_of(da_extractor *x, const char *text, size_t len, size_t s, size_t e);

static da_laterality side_of(const char *s, size_t len)
{
    if (ci_prefix(s, len, "b"))
        return DA_SIDE_BILATERAL;
    if (ci_prefix(s, len, "r"))
        return DA_SIDE_RIGHT;
    return DA_SIDE_LEFT;
}

static da_error find_sites(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    da_rx_result r;
    while ((r = match(x, PAT_SITE, text, from, end)) == DA_RX_FOUND) {
        PCRE2_SPTR mark = pcre2_get_mark(x->rx.md);
        size_t s, e;
        size_t ms = match_start(x), me = match_end(x);
        from = next_from(x, text, end);
        if (mark) {
            int site = atoi((const char *)mark);
            da_laterality side =
                group_span(x, G_SIDE, &s, &e) ? side_of(text + s, e - s) : DA_SIDE_NONE;
            if (!(context_of(x, text, end, ms, me) & DA_CUE_HIST))
                add_fact(x, DA_FACT_SITE, lesion, 0, side, site, ms, me);
        }
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

#define CLAUSE_WINDOW 120 /* bytes looked at around a statement for negation or plans */

/* Moves back to the start of a UTF-8 character. */
static size_t char_start(const char *text, size_t i)
{
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* True when c is one of stops or NUL (as strchr finds the terminator),
 * without a library call for each byte of a clause. */
static bool is_stop(const char *stops, char c)
{
    for (const char *p = stops; *p; p++)
        if (*p == c)
            return true;
    return c == '\0';
}

/* The text before pos back to a sentence or clause break (one of stops),
 * at most CLAUSE_WINDOW bytes, no further back than floor. */
/* True when the line break at text[i] only wraps a sentence: the line
 * before ends in a word or comma, the next starts in lower case ("Pt
 * prefers\nexcision over ED&C"). */
static bool wrapped_at(const char *text, size_t floor, size_t i, size_t ceil)
{
    if (text[i] != '\n')
        return false;
    size_t b = i;
    while (b > floor && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
        b--;
    size_t a = i + 1;
    while (a < ceil && (text[a] == ' ' || text[a] == '\t'))
        a++;
    return b > floor && a < ceil && (isalnum((unsigned char)text[b - 1]) || text[b - 1] == ',') &&
           text[a] >= 'a' && text[a] <= 'z';
}

static size_t clause_before(const char *text, size_t floor, size_t pos, const char *stops)
{
    size_t lo = pos > floor + CLAUSE_WINDOW ? char_start(text, pos - CLAUSE_WINDOW) : floor;
    size_t i = pos;
    while (i > lo && (!is_stop(stops, text[i - 1]) || wrapped_at(text, lo, i - 1, pos)))
        i--;
    return i;
}

/* The text after pos up to a break, at most CLAUSE_WINDOW bytes, before ceil. */
static size_t clause_after(const char *text, size_t pos, size_t ceil, const char *stops)
{
    size_t hi = ceil - pos > CLAUSE_WINDOW ? char_start(text, pos + CLAUSE_WINDOW) : ceil;
    size_t i = pos;
    while (i < hi && (!is_stop(stops, text[i]) || wrapped_at(text, pos, i, hi)))
        i++;
    return i;
}

/* True when pattern p matches anywhere in text[from..end). */
static da_rx_result any_match(da_extractor *x, enum pattern p, const char *text, size_t from,
                              size_t end)
{
    return from < end ? match(x, p, text, from, end) : DA_RX_NONE;
}

static da_error find_mohs(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    da_rx_result r;
    while ((r = match(x, PAT_MOHS, text, from, end)) == DA_RX_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        size_t b = clause_before(text, 0, s, ".;\n");
        size_t a = clause_after(text, e, end, ".;\n");
        da_rx_result before = any_match(x, PAT_MOHS_VETO_BEFORE, text, b, s);
        da_rx_result after = before == DA_RX_NONE ? any_match(x, PAT_MOHS_VETO_AFTER, text, e, a)
                                                  : DA_RX_NONE;
        if (before == DA_RX_ERROR || after == DA_RX_ERROR)
            return DA_ERR_INTERNAL;
        if (before == DA_RX_NONE && after == DA_RX_NONE && !stopped(x, PAT_MOHS_VETO_BEFORE) &&
            !stopped(x, PAT_MOHS_VETO_AFTER) &&
            !(context_of(x, text, end, s, e) & (DA_CUE_NEG | DA_CUE_HIST | DA_CUE_PLAN)))
            add_fact(x, DA_FACT_MOHS, lesion, 1, 0, -1, s, e);
        else if (after == DA_RX_FOUND) {
            da_rx_result unit = any_match(x, PAT_MOHS_UNIT, text, e, a);
            if (unit == DA_RX_ERROR)
                return DA_ERR_INTERNAL;
            x->mohs_unit |= unit == DA_RX_FOUND;
        }
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* True when text[from..to) holds only tissue words and list connectors,
 * the tail of an enumeration such as ", cartilage or ". */
static bool tissue_list(const char *text, size_t from, size_t to)
{
    static const char *const words[] = {"muscle", "muscles", "cartilage", "bone", "tendon",
                                        "tendons", "fascia", "nerve", "nerves", "vessel",
                                        "vessels", "or", "and", "nor"};
    size_t i = from;
    while (i < to) {
        while (i < to && (text[i] == ' ' || text[i] == ','))
            i++;
        size_t w = i;
        while (i < to && text[i] != ' ' && text[i] != ',')
            i++;
        if (i == w)
            break;
        bool known = false;
        for (size_t k = 0; k < sizeof(words) / sizeof(words[0]) && !known; k++)
            known = strlen(words[k]) == i - w && strncasecmp(text + w, words[k], i - w) == 0;
        if (!known)
            return false;
    }
    return true;
}

/* True when a negation cue governs the statement text[s..e): in its clause
 * up to its end (after any "but"), or after it up to a "but" or clause end. */
static da_error negated(da_extractor *x, const char *text, size_t s, size_t e, size_t end,
                        bool *out)
{
    *out = false;
    size_t b = clause_before(text, 0, s, ".;:,\n");
    /* "no muscle, cartilage or bone involvement": a comma inside a list of
     * tissues does not end the clause the negation governs. */
    while (b > 0 && text[b - 1] == ',' && tissue_list(text, b, s))
        b = clause_before(text, 0, b - 1, ".;:,\n");
    size_t a = clause_after(text, e, end, ".;,\n");
    bool cue = false;
    da_rx_result r;
    for (size_t from = b; (r = any_match(x, PAT_NEGATION, text, from, e)) == DA_RX_FOUND;
         from = next_from(x, text, e)) {
        size_t gs, ge;
        cue = !group_span(x, G_CONTRAST, &gs, &ge);
    }
    if (r == DA_RX_ERROR)
        return DA_ERR_INTERNAL;
    for (size_t from = e; !cue && (r = any_match(x, PAT_NEGATION, text, from, a)) == DA_RX_FOUND;
         from = next_from(x, text, a)) {
        size_t gs, ge;
        if (group_span(x, G_CONTRAST, &gs, &ge))
            break;
        cue = true;
    }
    if (r == DA_RX_ERROR)
        return DA_ERR_INTERNAL;
    /* A limit in the negation check leaves the statement unproven. */
    *out = cue || stopped(x, PAT_NEGATION);
    return DA_OK;
}

static da_error find_deep(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    da_rx_result r;
    while ((r = match(x, PAT_DEEP, text, from, end)) == DA_RX_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        bool neg;
        da_error err = negated(x, text, s, e, end, &neg);
        if (err != DA_OK)
            return err;
        if (!neg)
            add_fact(x, DA_FACT_MOHS_DEEP, lesion, 1, 0, -1, s, e);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

#define BLOCK_TIE_BYTES 300 /* a bare block count this close after a stage belongs to it */

static bool stage_seen(const da_fact_list *l, int lesion, int stage)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].kind == DA_FACT_MOHS_STAGE && l->items[i].lesion == lesion &&
            (int)l->items[i].value == stage)
            return true;
    return false;
}

static da_error find_stages(da_extractor *x, const char *text, size_t from, size_t end,
                            int lesion)
{
    static const enum group stage_groups[] = {G_SN1, G_SN2, G_SN3, G_SN4, G_SN5, G_SN6,
                                              G_SO1, G_SO2, G_SO3, G_SO4};
    static const enum group block_groups[] = {G_BN1, G_BN2, G_BN5, G_BN6, G_BN7};
    static const enum group count_groups[] = {G_CN1, G_CN2, G_CN3, G_CN4, G_CN5, G_CN6};
    int last_stage = 0;          /* stage most recently stated in this block */
    bool last_has_blocks = true; /* it already has its block count */
    size_t last_end = 0;         /* where its statement ended */
    da_rx_result r;
    for (size_t at = from; (r = match(x, PAT_STAGE_COUNT, text, at, end)) == DA_RX_FOUND;) {
        size_t ms = match_start(x), me = match_end(x), s, e;
        at = next_from(x, text, end);
        if (group_span(x, G_CN7, &s, &e))
            add_fact(x, DA_FACT_MOHS_STAGE_COUNT, lesion, 0, 0, -1, ms, me); /* not counted */
        else if (first_set(x, count_groups, COUNT_OF(count_groups), &s, &e) != G_COUNT) {
            int n = numeral_value(text + s, e - s);
            if (n > 0)
                add_fact(x, DA_FACT_MOHS_STAGE_COUNT, lesion, n, 0, -1, ms, me);
        }
    }
    if (r == DA_RX_ERROR)
        return DA_ERR_INTERNAL;
    while ((r = match(x, PAT_STAGE, text, from, end)) == DA_RX_FOUND) {
        size_t ms = match_start(x), me = match_end(x), s, e;
        from = next_from(x, text, end);
        int stage = 0, blocks = 0;
        size_t ss, se;
        if (first_set(x, stage_groups, COUNT_OF(stage_groups), &ss, &se) != G_COUNT)
            stage = numeral_value(text + ss, se - ss);
        if (first_set(x, block_groups, COUNT_OF(block_groups), &s, &e) != G_COUNT)
            blocks = numeral_value(text + s, e - s);
        if (stage > 0) {
            if (!stage_seen(x->out, lesion, stage))
                add_fact(x, DA_FACT_MOHS_STAGE, lesion, stage, 0, -1, ms, me);
            last_stage = stage;
            last_has_blocks = blocks > 0;
            last_end = me;
            if (blocks > 0)
                add_fact(x, DA_FACT_MOHS_BLOCKS, lesion, blocks, stage, -1, ms, me);
        } else if (blocks > 0 && group_span(x, G_EACH, &s, &e)) {
            add_fact(x, DA_FACT_MOHS_BLOCKS, lesion, blocks, -1, -1, ms, me);
        } else if (blocks > 0) {
            bool total = group_span(x, G_TOT, &s, &e) || group_span(x, G_TOT2, &s, &e);
            int tied = 0;
            if (!total && last_stage && !last_has_blocks && ms - last_end < BLOCK_TIE_BYTES) {
                tied = last_stage;
                last_has_blocks = true;
            }
            add_fact(x, DA_FACT_MOHS_BLOCKS, lesion, blocks, tied, -1, ms, me);
        }
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* ---- context: negation, history, plans, risks -------------------------- */

#define NEG_WORDS 5 /* a negation reaches this many words forward ("no bleeding, itching or pain") */

static bool word_is(const char *w, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(w, lit, n) == 0;
}

/* A word that starts a new verb phrase after "and": "sent", "excised". */
static bool verb_like(const char *w, size_t n)
{
    return (n > 3 && strncasecmp(w + n - 2, "ed", 2) == 0) || word_is(w, n, "sent") ||
           word_is(w, n, "taken") || word_is(w, n, "given") || word_is(w, n, "left") ||
           word_is(w, n, "was") || word_is(w, n, "were");
}

/* True when a negation ending at from still governs a term starting at to:
 * few enough words between, and no new verb phrase ("... and sent"). */
static bool neg_reaches(const char *text, size_t from, size_t to, size_t len)
{
    int words = 0;
    bool after_and = false;
    for (size_t i = from; i < len;) {
        bool comma = false;
        while (i < len && i < to && !isalnum((unsigned char)text[i]))
            comma |= text[i++] == ',';
        size_t w = i;
        while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '\''))
            i++;
        size_t n = i - w;
        if (!n)
            break;
        if (after_and && verb_like(text + w, n))
            return false;
        /* a comma and an article open a new clause ("Because there is no
         * histologic confirmation, a shave biopsy was performed") */
        if (comma && words > 0 &&
            (word_is(text + w, n, "a") || word_is(text + w, n, "an") || word_is(text + w, n, "the")))
            return false;
        if (w >= to) /* the term's own first word was checked */
            break;
        if (++words > NEG_WORDS)
            return false;
        after_and = word_is(text + w, n, "and") || word_is(text + w, n, "then");
    }
    return true;
}

/* True when an empty check box stands right before pos ("[ ] Complex",
 * "[] Flap"): a template's option not chosen. */
static bool unchecked_box(const char *text, size_t pos)
{
    size_t i = pos;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        i--;
    if (i == 0 || text[i - 1] != ']')
        return false;
    i--;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        i--;
    return i > 0 && text[i - 1] == '[';
}

/* The section of the current note holding pos. */
static const da_section *section_of(const da_extractor *x, size_t pos)
{
    return da_section_at(&x->sections, pos);
}

/* True in a section whose words state nothing about this encounter: a
 * history, medication list or review of systems; instructions, a handout,
 * a consent paragraph, an attestation. */
static bool quiet_section(const da_extractor *x, size_t pos)
{
    return (section_of(x, pos)->cue & (DA_CUE_HIST | DA_CUE_RISK)) != 0;
}

/* True inside a pathology report. */
static bool in_pathology(const da_extractor *x, size_t pos)
{
    return section_of(x, pos)->kind == DA_SEC_PATHOLOGY;
}

/* The classes the section at pos gives a procedure word (the HPI tells
 * of procedures past). */
static unsigned procedure_cue(const da_extractor *x, size_t pos)
{
    return section_of(x, pos)->procedure_cue;
}

/* Kinds whose words name a procedure done. */
static bool procedure_word(int kind)
{
    return kind == DA_FACT_PROCEDURE || kind == DA_FACT_REPAIR || kind == DA_FACT_UNDERMINING ||
           kind == DA_FACT_WOUND_PREP ||
           kind == DA_FACT_FLAP || kind == DA_FACT_GRAFT || kind == DA_FACT_FROZEN_SECTION ||
           kind == DA_FACT_SPECIMEN;
}

#define DATE_REACH 24 /* bytes after a term a date naming when it was done may start */

/* The date M/D/YY or M/D/YYYY written at text[i..a), or M/D in year when
 * year is not 0; DA_DATE_NONE when none. */
static da_date numeric_date(const char *text, size_t i, size_t a, int year)
{
    int v[3] = {0, 0, 0}, digits[3] = {0, 0, 0}, part = 0;
    for (; i < a && part < 3; i++) {
        if (isdigit((unsigned char)text[i]) && digits[part] < 4) {
            v[part] = v[part] * 10 + (text[i] - '0');
            digits[part]++;
        } else if (text[i] == '/' && part < 2 && digits[part]) {
            part++;
        } else {
            break;
        }
    }
    bool yearless = part == 1 && year != 0 && (i >= a || !isdigit((unsigned char)text[i]));
    if (yearless) {
        v[2] = year;
        digits[2] = 4;
    } else if (part != 2 || (digits[2] != 2 && digits[2] != 4)) {
        return DA_DATE_NONE;
    }
    if (digits[0] > 2 || digits[1] == 0 || digits[1] > 2 || v[0] < 1 || v[0] > 12 || v[1] < 1 ||
        v[1] > 31)
        return DA_DATE_NONE;
    return da_date_from_ymd(digits[2] == 2 ? 2000 + v[2] : v[2], v[0], v[1]);
}

/* The month a word at text[i..a) names ("June", "Sept.", "jul"), 0 when
 * none: the word is the start of a month's name, three letters at least. */
static int month_at(const char *text, size_t i, size_t a)
{
    static const char *const months[] = {"january", "february", "march",     "april",
                                         "may",     "june",     "july",      "august",
                                         "september", "october", "november", "december"};
    size_t n = 0;
    while (i + n < a && isalpha((unsigned char)text[i + n]))
        n++;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++)
        if (n <= strlen(months[m]) && strncasecmp(text + i, months[m], n) == 0)
            return m + 1;
    return 0;
}

/* True when a date earlier than the note's date of service follows
 * text[..e) within DATE_REACH bytes, before a: a full date ("punch bx
 * 07/08/2026", "(shave bx 7/9/26, part B)") or one in words, with or
 * without its year ("your shave biopsy of 28 June", "biopsied on June
 * 28, 2026"; without a year, the date of service's year). */
static bool dated_before(const da_extractor *x, const char *text, size_t e, size_t a)
{
    if (x->dos == DA_DATE_NONE)
        return false;
    size_t i = e, lim = a - e > DATE_REACH ? e + DATE_REACH : a;
    while (i < lim && !isdigit((unsigned char)text[i]))
        i++;
    if (i >= lim)
        return false;
    int year, month, day; /* of the date of service */
    da_date_to_ymd(x->dos, &year, &month, &day);
    /* a date in words: "28 June", "28th of June", "June 28" */
    size_t k = i;
    int d = 0;
    while (k < a && isdigit((unsigned char)text[k]) && k - i < 3)
        d = d * 10 + (text[k++] - '0');
    size_t w = k;
    while (w < a && isalpha((unsigned char)text[w]) && w - k < 2)
        w++; /* "28th" */
    if (w - k == 2 || w == k) {
        while (w < a && text[w] == ' ')
            w++;
        if (w + 3 < a && strncasecmp(text + w, "of ", 3) == 0)
            w += 3;
    }
    int m = w > k && w < a ? month_at(text, w, a) : 0;
    size_t after = w;
    if (m == 0) {
        size_t b = i;
        while (b > e && text[b - 1] == ' ')
            b--;
        if (b > e && text[b - 1] == '.')
            b--; /* "Sept. 28" */
        size_t ws = b;
        while (ws > e && isalpha((unsigned char)text[ws - 1]))
            ws--;
        m = ws < b ? month_at(text, ws, b) : 0;
        after = k;
    } else {
        while (after < a && isalpha((unsigned char)text[after]))
            after++;
    }
    if (m > 0 && d >= 1 && d <= 31) {
        while (after < a && (text[after] == ' ' || text[after] == ','))
            after++;
        int y = 0, yd = 0;
        while (after < a && isdigit((unsigned char)text[after]) && yd < 5)
            y = y * 10 + (text[after++] - '0'), yd++;
        return da_date_from_ymd(yd == 4 ? y : year, m, d) < x->dos;
    }
    da_date date = numeric_date(text, i, a, 0);
    return date != DA_DATE_NONE && date < x->dos;
}

/* "Shave biopsy L mid back: consent signed. (see 7/1 note)": a statement
 * whose clause (ending at a) is followed by a reference to a note of an
 * earlier day, with or without its year, is that note's, carried forward. */
static bool refers_to_earlier_note(const da_extractor *x, const char *text, size_t a, size_t len)
{
    if (x->dos == DA_DATE_NONE)
        return false;
    size_t p = a;
    if (p < len && (text[p] == '.' || text[p] == ';'))
        p++;
    while (p < len && (text[p] == ' ' || text[p] == '\t'))
        p++;
    if (p + 5 >= len || text[p] != '(' ||
        (strncasecmp(text + p + 1, "see ", 4) != 0 && strncasecmp(text + p + 1, "per ", 4) != 0))
        return false;
    p += 5;
    size_t close = p;
    while (close < len && close - p < DATE_REACH && text[close] != ')' && text[close] != '\n')
        close++;
    if (close >= len || text[close] != ')')
        return false;
    int year, month, day; /* of the date of service */
    da_date_to_ymd(x->dos, &year, &month, &day);
    while (p < close && !isdigit((unsigned char)text[p]))
        p++;
    da_date d = p < close ? numeric_date(text, p, close, year) : DA_DATE_NONE;
    return d != DA_DATE_NONE && d < x->dos;
}

/* The DA_CUE_* classes that govern the statement text[s..e): its section's,
 * cue words earlier in its clause, and cue words right after it. */
/* "LN2 to any residual lesions then.": the clause after a term, no longer
 * than THEN_REACH, ends with "then" (at that time): a plan. */
#define THEN_REACH 64
static bool then_ends(const char *text, size_t e, size_t a)
{
    while (a > e && (text[a - 1] == ' ' || text[a - 1] == '\t'))
        a--;
    return a - e <= THEN_REACH && a - e > 5 && strncasecmp(text + a - 4, "then", 4) == 0 &&
           (text[a - 5] == ' ' || text[a - 5] == '\t');
}

/* Where the clause of a statement starts when a semicolon parts the items
 * of a parenthesis it stands in: "s/p Mohs 7/20 (R temple + repair 2.2 cm;
 * L neck + repair 3.0 cm)" - the words before the parenthesis govern every
 * item, so the clause reaches back to theirs. Else b, the clause start. */
static size_t item_clause(const char *text, size_t b, size_t s)
{
    if (b == 0 || text[b - 1] != ';')
        return b;
    for (size_t i = b; i < s; i++)
        if (text[i] == ')' || text[i] == '(')
            return b; /* the statement is not in the parenthesis, or in one of its own */
    size_t lo = b > CLAUSE_WINDOW ? char_start(text, b - CLAUSE_WINDOW) : 0;
    int depth = 0;
    for (size_t i = b - 1; i > lo; i--) {
        char c = text[i - 1];
        if (c == '\n')
            return b;
        if (c == ')')
            depth++;
        else if (c == '(' && depth-- == 0)
            return clause_before(text, 0, i - 1, ".;\n");
    }
    return b;
}

static unsigned context_of(da_extractor *x, const char *text, size_t len, size_t s, size_t e)
{
    unsigned cues = section_of(x, s)->cue;
    size_t b = item_clause(text, clause_before(text, 0, s, ".;\n"), s);
    /* an arrow leads from a question to what was done: "r/o SCC vs CNH ->
     * shave bx"; the cues before it are the question's */
    for (size_t i = s; i > b + 1; i--)
        if (text[i - 1] == '>' && (text[i - 2] == '-' || text[i - 2] == '=')) {
            b = i;
            break;
        }
    da_rx_result r;
    size_t neg_end = SIZE_MAX; /* end of the last negation cue */
    for (size_t from = b; (r = any_match(x, PAT_CUE, text, from, s)) == DA_RX_FOUND;
         from = next_from(x, text, s)) {
        unsigned cls = (unsigned)atoi((const char *)pcre2_get_mark(x->rx.md));
        if (cls == DA_CUE_NEG)
            neg_end = match_end(x);
        /* "without complication": a negated risk word is no risk talk. */
        if (cls == DA_CUE_RISK && neg_end != SIZE_MAX && match_start(x) <= neg_end + 2)
            continue;
        if (cls == DA_CUE_BREAK)
            cues &= ~(unsigned)(DA_CUE_NEG | DA_CUE_PLAN | DA_CUE_RISK | DA_CUE_UNC | DA_CUE_PATH);
        else if (cls == DA_CUE_NEG)
            cues |= neg_reaches(text, match_end(x), s, len) ? DA_CUE_NEG : 0;
        else if (cls == DA_CUE_PATH)
            cues = (cues | DA_CUE_PATH) & ~(unsigned)DA_CUE_HIST;
        else
            cues |= cls;
    }
    size_t a = clause_after(text, e, len, ".;\n");
    if (a > e && match(x, PAT_POSTCUE, text, e, a) == DA_RX_FOUND)
        cues |= (unsigned)atoi((const char *)pcre2_get_mark(x->rx.md));
    else if (then_ends(text, e, a))
        cues |= DA_CUE_PLAN;
    if (dated_before(x, text, e, a) || refers_to_earlier_note(x, text, a, len))
        cues |= DA_CUE_DATED;
    if (stopped(x, PAT_CUE) || stopped(x, PAT_POSTCUE))
        cues |= DA_CUE_NEG; /* unproven: a limit stopped the check */
    return cues;
}

/* True when the full stop at text[i] ends an abbreviation ("Dr.", "approx.",
 * "vs.") rather than a sentence. */
static bool abbreviation_at(const char *text, size_t floor, size_t i)
{
    static const char *const words[] = {"dr", "mr", "mrs", "ms", "st", "vs", "approx", "no",
                                        "pt", "jr", "sr", "e.g", "i.e", "fig", "ca"};
    size_t w = i;
    while (w > floor && (isalpha((unsigned char)text[w - 1]) || text[w - 1] == '.'))
        w--;
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
        if (strlen(words[k]) == i - w && strncasecmp(text + w, words[k], i - w) == 0)
            return true;
    return false;
}

/* Bytes looked at on each side of a position for the ends of its sentence:
 * a dictated note with no full stop is cut there, so finding a fact's
 * sentence reads at most twice this, however long the note. */
#define SENTENCE_REACH 300

/* The sentence around pos: a full stop followed by a space, a line break,
 * or ! ? end it; decimal points and abbreviations do not. */
static void sentence_of(const char *text, size_t floor, size_t ceil, size_t pos, size_t *ss,
                        size_t *se)
{
    size_t lo = pos > floor + SENTENCE_REACH ? char_start(text, pos - SENTENCE_REACH) : floor;
    size_t i = pos;
    while (i > lo && text[i - 1] != '\n' && text[i - 1] != '!' && text[i - 1] != '?' &&
           !(text[i - 1] == '.' && (text[i] == ' ' || text[i] == '\t') &&
             !abbreviation_at(text, floor, i - 1)))
        i--;
    *ss = i;
    size_t hi = ceil - pos > SENTENCE_REACH ? char_start(text, pos + SENTENCE_REACH) : ceil;
    i = pos;
    while (i < hi && text[i] != '\n' && text[i] != '!' && text[i] != '?' &&
           !(text[i] == '.' && (i + 1 >= ceil || text[i + 1] == ' ' || text[i + 1] == '\n' ||
                                text[i + 1] == '\r') &&
             !abbreviation_at(text, floor, i)))
        i++;
    *se = i;
}

/* ---- term facts -------------------------------------------------------- */

static int lesion_specimen(const da_extractor *x, int lesion)
{
    return lesion > 0 && x->block_is_specimen ? lesion : 0;
}

/* Which antibody or stain a stain term names, as a number: its first word's
 * letters and digits folded to lower case ("SOX10", "Sox-10" alike), 0 for
 * the generic words ("immunohistochemistry", "IHC", "immunostains") that
 * name none; Melan-A is MART-1. Two stains of one kind in one lesion are two
 * when they differ. */
static int stain_identity(const char *s, size_t n)
{
    static const char *const generic[] = {"immunohistochemi", "ihc", "immunostain"};
    /* The first word's letters and digits, cut at 23: room for the generic
     * stems above and for antibody names; a longer word cut short can only
     * merge two stains that agree on 23 characters. */
    enum { STAIN_WORD_CHARS = 24 };
    char w[STAIN_WORD_CHARS];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof(w) && s[i] != ' ' && s[i] != '\t'; i++)
        if (isalnum((unsigned char)s[i]))
            w[k++] = (char)tolower((unsigned char)s[i]);
    w[k] = '\0';
    for (size_t g = 0; g < sizeof(generic) / sizeof(generic[0]); g++)
        if (strncmp(w, generic[g], strlen(generic[g])) == 0)
            return 0;
    /* one antibody, two names: "MART-1 (Melan-A)" */
    if (strncmp(w, "melana", 6) == 0) {
        memcpy(w, "mart1", 6);
        k = 5;
    }
    unsigned h = 2166136261u; /* FNV-1a, folded to a positive int */
    for (size_t i = 0; i < k; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return (int)(h & 0x7fffffff) | 1;
}

static void add_term_fact(da_extractor *x, const char *text, const da_term *t, int lesion,
                          size_t s, size_t e)
{
    if (t->kind == DA_FACT_DIAGNOSIS && (in_pathology(x, s) || x->last_cues & DA_CUE_PATH))
        add_fact(x, DA_FACT_PATH_DIAGNOSIS, lesion, t->value, lesion_specimen(x, lesion), -1, s,
                 e);
    else if (t->kind == DA_FACT_STAIN) {
        add_fact(x, DA_FACT_STAIN, lesion, t->value, lesion_specimen(x, lesion), -1, s, e);
        x->out->items[x->out->count - 1].ref = stain_identity(text + s, e - s);
    }
    else
        add_fact(x, (da_fact_kind)t->kind, lesion, t->value, t->value2, -1, s, e);
    if (t->route >= 0)
        add_fact(x, DA_FACT_ROUTE, lesion, t->route, 0, -1, s, e);
    if (t->dx != DA_DX_NONE)
        add_fact(x, DA_FACT_DIAGNOSIS, lesion, t->dx, 0, -1, s, e);
}

/* Diagnoses counted when destroyed or removed in numbers. */
static bool countable(int dx)
{
    return dx == DA_DX_AK || dx == DA_DX_SK || dx == DA_DX_SK_INFLAMED || dx == DA_DX_WART ||
           dx == DA_DX_SKIN_TAG || dx == DA_DX_BENIGN_OTHER;
}

static void count_after(da_extractor *x, const char *text, size_t end, int lesion, int dx,
                        size_t s, size_t e)
{
    static const enum group ca[] = {G_CA1, G_CA2};
    size_t gs, ge;
    if (match(x, PAT_COUNT_AFTER, text, e, end) != DA_RX_FOUND ||
        first_set(x, ca, COUNT_OF(ca), &gs, &ge) == G_COUNT)
        return;
    int n = numeral_value(text + gs, ge - gs);
    if (n > 0)
        add_fact(x, DA_FACT_LESION_COUNT, lesion, n, dx, -1, s, match_end(x));
}

static bool rx_context(da_extractor *x, const char *text, size_t len, size_t pos)
{
    size_t ss, se;
    sentence_of(text, 0, len, pos, &ss, &se);
    if (ss != x->rx_sentence) {
        x->rx_sentence = ss;
        /* "Plaque psoriasis, stable on Skyrizi. Continue.": the drug may be
         * named in the sentence before. */
        size_t ps = ss, pe;
        if (ss > 1)
            sentence_of(text, 0, len, ss - 2, &ps, &pe);
        x->rx_value = any_match(x, PAT_RXCTX, text, ps, se) == DA_RX_FOUND;
    }
    return x->rx_value;
}

/* Where the search after a match ov[0..1] kept in its own match data
 * resumes (as next_from). */
static size_t match_next_from(const PCRE2_SIZE *ov, const char *text, size_t end)
{
    size_t e = ov[1];
    if (e > ov[0])
        return e;
    e++;
    while (e < end && ((unsigned char)text[e] & 0xC0) == 0x80)
        e++;
    return e;
}

/* Where each term alternation next matches in a block, kept until the
 * search passes it. */
typedef struct term_scan {
    size_t at[2], to[2]; /* its next match, at == SIZE_MAX: none left */
    bool known[2];       /* at[] holds a match found from no later than the search */
} term_scan;

/* The next term in text[from..end) of the two term alternations read as
 * one: the match that starts first, the longer on a tie (one alternation
 * tries its longest fragments first), the first part's when both are
 * equal. Its match is in x->term_md[*part]. */
static da_rx_result term_next(da_extractor *x, term_scan *ts, const char *text, size_t from,
                              size_t end, int *part)
{
    int best = -1;
    for (int p = 0; p < 2; p++) {
        if (!ts->known[p] || (ts->at[p] != SIZE_MAX && ts->at[p] < from)) {
            da_rx_result r =
                da_rx_find_into(&x->rx, &x->pat[PAT_TERMS + p], text, from, end, x->term_md[p]);
            if (r == DA_RX_ERROR)
                return DA_RX_ERROR;
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->term_md[p]);
            ts->known[p] = true;
            ts->at[p] = r == DA_RX_FOUND ? ov[0] : SIZE_MAX;
            ts->to[p] = r == DA_RX_FOUND ? ov[1] : 0;
        }
        if (ts->at[p] == SIZE_MAX)
            continue;
        if (best < 0 || ts->at[p] < ts->at[best] ||
            (ts->at[p] == ts->at[best] && ts->to[p] > ts->to[best]))
            best = p;
    }
    if (best < 0)
        return DA_RX_NONE;
    *part = best;
    return DA_RX_FOUND;
}

/* True when the sentence text[s..e) tells of injections at home, or of the
 * patient's own ("pt self-admin", "(specialty pharm, self inj)") and of none
 * given today: the drug is taken at home, not administered in the office
 * ("600 mg loading dose today, then home self-injection" is). */
static bool patient_injects(const char *text, size_t s, size_t e)
{
    const char *t = text + s;
    size_t n = e - s;
    if (ci_contains(t, n, "at home"))
        return true;
    return !ci_contains(t, n, "today") &&
           (ci_contains(t, n, "self-inj") || ci_contains(t, n, "self inj") ||
            ci_contains(t, n, "self-admin") || ci_contains(t, n, "self admin"));
}

static da_error find_terms(da_extractor *x, const char *text, size_t len, size_t from, size_t end,
                           int lesion)
{
    term_scan ts = {{SIZE_MAX, SIZE_MAX}, {0, 0}, {false, false}};
    da_rx_result r;
    int part;
    while ((r = term_next(x, &ts, text, from, end, &part)) == DA_RX_FOUND) {
        size_t s = ts.at[part], e = ts.to[part];
        /* on past the match, one character on when it was empty */
        from = match_next_from(pcre2_get_ovector_pointer(x->term_md[part]), text, end);
        PCRE2_SPTR mark = pcre2_get_mark(x->term_md[part]);
        if (!mark)
            continue;
        const da_term *t = &x->vocab.terms[atoi((const char *)mark)];
        switch (t->kind) {
        case DA_TERM_LAB:
            x->lab = t->value;
            continue;
        case DA_TERM_STATUS:
            da_grow((void **)&x->status, &x->status_cap, x->nstatus + 1, sizeof(*x->status));
            x->status[x->nstatus++] = (status_cue){s, e, t->value};
            continue;
        case DA_FACT_RX:
            if (!rx_context(x, text, len, s))
                continue;
            break;
        default:
            break;
        }
        if (quiet_section(x, s) || unchecked_box(text, s))
            continue;
        if (t->kind == DA_FACT_DRUG_SOURCE) {
            /* the channel of a drug taken at home is not that of one given here */
            size_t ss, se;
            sentence_of(text, 0, len, s, &ss, &se);
            if (patient_injects(text, ss, se))
                continue;
        }
        unsigned cues = context_of(x, text, len, s, e);
        if (procedure_word(t->kind))
            cues |= procedure_cue(x, s);
        x->last_cues = cues;
        if (cues & t->veto)
            continue;
        if (t->kind == DA_FACT_SPECIMEN)
            x->lab = ci_contains(text + s, e - s, "outside") ? DA_LAB_OUTSIDE
                     : ci_contains(text + s, e - s, "house") || ci_contains(text + s, e - s, " our ")
                         ? DA_LAB_IN_HOUSE
                         : x->lab;
        /* In the pathology report only diagnoses, stains and specimens are its facts. */
        if (in_pathology(x, s) && t->kind != DA_FACT_DIAGNOSIS && t->kind != DA_FACT_STAIN &&
            t->kind != DA_FACT_SPECIMEN && t->kind != DA_FACT_FROZEN_SECTION)
            continue;
        add_term_fact(x, text, t, lesion, s, e);
        if (t->kind == DA_FACT_DIAGNOSIS && !in_pathology(x, s) && countable(t->value))
            count_after(x, text, end, lesion, t->value, s, e);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* ---- measurements ------------------------------------------------------ */

/* The lengths of one block, each as the fact of its role (measure.h); a
 * length whose role no word gives, or one that is not about the lesion
 * (an incision, a punch, a distance), is kept with its role and never
 * used for codes. In a pathology report every length is the report's. */
static da_error find_measures(da_extractor *x, const char *text, size_t floor, size_t from,
                              size_t end, bool words, int lesion)
{
    da_measure m;
    da_rx_result r;
    while ((r = da_measure_next(&x->measurer, &x->rx, text, floor, from, end, words, &m)) ==
           DA_RX_FOUND) {
        from = m.end;
        if (quiet_section(x, m.start))
            continue;
        da_fact_kind kind;
        double v = m.greatest;
        if (in_pathology(x, m.start)) {
            if (m.role == DA_ROLE_MARGIN)
                continue; /* "closest margin 3 mm": how clear, not what was taken */
            kind = DA_FACT_PATH_SIZE;
        } else {
            switch (m.role) {
            case DA_ROLE_LESION: kind = DA_FACT_SIZE; break;
            case DA_ROLE_MARGIN: kind = DA_FACT_MARGIN, v = m.least; break;
            case DA_ROLE_EXCISED: kind = DA_FACT_EXCISED_DIAMETER; break;
            case DA_ROLE_DEFECT: kind = DA_FACT_DEFECT_SIZE; break;
            case DA_ROLE_REPAIR: kind = DA_FACT_REPAIR_LENGTH; break;
            default: kind = DA_FACT_MEASURE; break;
            }
        }
        /* the evidence is the number with the word that gives its role */
        size_t s = m.role_end > m.role_start && m.role_start < m.start ? m.role_start : m.start;
        size_t e = m.role_end > m.end ? m.role_end : m.end;
        add_fact(x, kind, lesion, v, m.role, -1, s, e);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* Flap and graft areas of one block: a stated total, else primary plus
 * secondary, else the largest area. */
static da_error find_areas(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    double primary = 0, secondary = 0, total = 0, largest = 0;
    size_t first = SIZE_MAX, last = 0, total_s = 0, total_e = 0;
    da_rx_result r;
    while ((r = match(x, PAT_AREA, text, from, end)) == DA_RX_FOUND) {
        size_t ms = match_start(x), me = match_end(x), s, e, gs, ge;
        from = next_from(x, text, end);
        if (!group_span(x, G_AN, &s, &e))
            continue;
        double digits = strtod(text + s, NULL);
        bool mm = group_span(x, G_AMM3, &gs, &ge) || group_span(x, G_AMM2, &gs, &ge) ||
                  (group_span(x, G_AMM, &gs, &ge) && (text[gs] | 0x20) == 'm');
        double sq = mm ? digits / 100 : digits;
        if (in_pathology(x, ms))
            continue;
        int label = 0;
        size_t b = clause_before(text, 0, ms, ".;\n,");
        da_rx_result lr;
        for (size_t f = b; (lr = any_match(x, PAT_AREALABEL, text, f, ms)) == DA_RX_FOUND;
             f = next_from(x, text, ms))
            label = atoi((const char *)pcre2_get_mark(x->rx.md));
        if (label == 1)
            primary += sq;
        else if (label == 2)
            secondary += sq;
        else if (label == 3) {
            total = sq;
            total_s = ms;
            total_e = me;
        }
        if (sq > largest)
            largest = sq;
        if (first == SIZE_MAX)
            first = ms;
        last = me;
    }
    if (r == DA_RX_ERROR)
        return DA_ERR_INTERNAL;
    if (total > 0)
        add_fact(x, DA_FACT_FLAP_AREA, lesion, total, 0, -1, total_s, total_e);
    else if (primary > 0 && secondary > 0)
        add_fact(x, DA_FACT_FLAP_AREA, lesion, primary + secondary, 0, -1, first, last);
    else if (largest > 0)
        add_fact(x, DA_FACT_FLAP_AREA, lesion, largest, 0, -1, first, last);
    return DA_OK;
}

/* ---- counts, time, waste ---------------------------------------------- */

/* What a note holds that decides which patterns run over it. */
enum {
    GATE_MEASURE = 1, /* "cm", "mm" or "met": a measurement may */
    GATE_AREA = 4,    /* "sq", "cm2", "mm2" or a superscript two: with a unit, an area may */
    GATE_MOHS = 8,    /* "mohs" or "mms" */
    GATE_WORDS = 16   /* a unit spelled out ("centimeters", "millimeter"): dictation, whose
                         numbers may be words too */
};

/* The byte at text[i] in lower case (ASCII letters), 0 past the end. */
static unsigned lower_at(const char *text, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    unsigned c = (unsigned char)text[i];
    return c >= 'A' && c <= 'Z' ? c | 0x20u : c;
}

/* The GATE_* literal, if any, that starts at text[i], whose byte in lower
 * case (ASCII letters) is c. */
static unsigned gate_at(const char *text, size_t len, size_t i, unsigned c)
{
    switch (c) {
    case 's':
        return lower_at(text, len, i + 1) == 'q' ? GATE_AREA : 0;
    case 'c':
        if (lower_at(text, len, i + 1) == 'm')
            return lower_at(text, len, i + 2) == '2' ? GATE_MEASURE | GATE_AREA : GATE_MEASURE;
        return len - i >= 8 && strncasecmp(text + i, "centimet", 8) == 0 ? GATE_MEASURE | GATE_WORDS
                                                                         : 0;
    case 'm': {
        unsigned n = lower_at(text, len, i + 1), n2 = lower_at(text, len, i + 2);
        if (n == 'm')
            return GATE_MEASURE | (n2 == '2' ? GATE_AREA : 0) | (n2 == 's' ? GATE_MOHS : 0);
        if (n == 'e' && n2 == 't')
            return GATE_MEASURE;
        if (len - i >= 8 && strncasecmp(text + i, "millimet", 8) == 0)
            return GATE_MEASURE | GATE_WORDS;
        if (n == 'o' && n2 == 'h' && lower_at(text, len, i + 3) == 's')
            return GATE_MOHS;
        return 0;
    }
    case 0xC2:
        return lower_at(text, len, i + 1) == 0xB2 ? GATE_AREA : 0;
    default:
        return 0;
    }
}

/* One pass over a note: starts the note for the patterns (da_rx_begin:
 * with no byte above 0x7F the ASCII patterns apply), sets x->words, the trigger words (WB bits) that start a
 * word (a letter after a non-letter, compared without case; a word
 * beginning with 'H' is tried without it too, "HAKs"), every bit when the
 * note is not ASCII (case folding and word characters are then PCRE2's to
 * judge); returns the GATE_* literals found anywhere, without case. */
static unsigned note_scan(da_extractor *x, const char *text, size_t len)
{
    /* the bytes gate_at looks further at, in lower case */
    static const bool gate_byte[256] = {['s'] = true, ['c'] = true, ['m'] = true, [0xC2] = true};
    const unsigned char *t = (const unsigned char *)text;
    uint64_t words = 0;
    unsigned gates = 0;
    bool ascii = true;
    bool in_word = false; /* the byte before is a letter */
    for (size_t i = 0; i < len; i++) {
        unsigned c = t[i];
        if (c >= 'A' && c <= 'Z')
            c |= 0x20u;
        bool letter = c >= 'a' && c <= 'z';
        if (gate_byte[c])
            gates |= gate_at(text, len, i, c);
        if (c == '+')
            words |= WB(W_PLUS);
        else if (c == ',' && i >= 3 && isdigit(t[i - 1]) &&
                 (t[i - 2] == ' ' || t[i - 2] == '\t' ||
                  (isdigit(t[i - 2]) && (t[i - 3] == ' ' || t[i - 3] == '\t'))))
            words |= WB(W_LISTED);
        if (c >= 0x80)
            ascii = false;
        if (letter && !in_word && ascii) {
            for (size_t skip = 0; skip < 2; skip++) {
                if (skip && (text[i] != 'H' || i + 1 >= len))
                    break;
                const unsigned char *w = t + i + skip;
                unsigned lead = w[0] | 0x20u, second = len - i - skip > 1 ? w[1] | 0x20u : 0;
                /* candidates by their first two letters: most words have none */
                uint64_t cands = lead >= 'a' && lead <= 'z' && second >= 'a' && second <= 'z'
                                     ? x->words_by_pair[lead - 'a'][second - 'a'] & ~words
                                     : 0;
                for (; cands; cands &= cands - 1) {
                    int k = __builtin_ctzll(cands);
                    if (ci_prefix((const char *)w, len - i - skip, trigger_words[k]))
                        words |= WB(k);
                }
            }
        }
        in_word = letter;
    }
    da_rx_begin(&x->rx, ascii);
    x->words = ascii ? words : ~(uint64_t)0;
    return gates;
}

static bool count_alt_wanted(const da_extractor *x, size_t i)
{
    for (size_t k = 0; k < 3 && count_alts[i].need[k]; k++)
        if (!(x->words & count_alts[i].need[k]))
            return false;
    return true;
}

/* Where each count alternative next matches in a block: found matches are
 * kept until the search passes them, so every alternative runs over the
 * block about once. */
typedef struct count_scan {
    size_t at[N_COUNT_ALTS]; /* start of its next match; SIZE_MAX: none left */
    bool known[N_COUNT_ALTS]; /* at[] holds a match found from no later than the current search */
} count_scan;

static void count_scan_init(const da_extractor *x, count_scan *cs)
{
    for (size_t i = 0; i < N_COUNT_ALTS; i++) {
        cs->known[i] = !count_alt_wanted(x, i);
        cs->at[i] = SIZE_MAX;
    }
}

/* The next count match in text[from..end): the alternative whose match
 * starts first, the earliest in count_alts on a tie, as one alternation
 * of them all would find. Its match is in x->count_md[*alt]. */
static da_rx_result count_next(da_extractor *x, count_scan *cs, const char *text, size_t from,
                               size_t end, size_t *alt)
{
    if (x->counts_stopped || from > end)
        return DA_RX_NONE;
    size_t best = N_COUNT_ALTS;
    for (size_t i = 0; i < N_COUNT_ALTS; i++) {
        if (!cs->known[i] || (cs->at[i] != SIZE_MAX && cs->at[i] < from)) {
            da_rx_result r = da_rx_find_into(&x->rx, &x->count_re[i], text, from, end,
                                             x->count_md[i]);
            cs->known[i] = true;
            if (r == DA_RX_FOUND) {
                cs->at[i] = pcre2_get_ovector_pointer(x->count_md[i])[0];
            } else if (r == DA_RX_NONE && x->count_re[i].stopped != x->rx.text) {
                cs->at[i] = SIZE_MAX;
            } else if (r == DA_RX_NONE) {
                x->counts_stopped = true;
                return DA_RX_NONE;
            } else {
                return DA_RX_ERROR;
            }
        }
        if (cs->at[i] != SIZE_MAX && (best == N_COUNT_ALTS || cs->at[i] < cs->at[best]))
            best = i;
    }
    if (best == N_COUNT_ALTS)
        return DA_RX_NONE;
    *alt = best;
    return DA_RX_FOUND;
}


/* The sum of the numbers of a list of counts by area ("4 scalp + 3
 * forehead", "scalp 4, forehead 3"). */
static double listed_sum(const char *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)s[i]) && (i == 0 || !isdigit((unsigned char)s[i - 1])))
            sum += (double)strtol(s + i, NULL, 10);
    return sum;
}

static da_error find_counts(da_extractor *x, const char *text, size_t len, size_t from, size_t end,
                            int lesion)
{
    count_scan cs;
    count_scan_init(x, &cs);
    size_t alt;
    da_rx_result r;
    while ((r = count_next(x, &cs, text, from, end, &alt)) == DA_RX_FOUND) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->count_md[alt]);
        size_t ms = ov[0], me = ov[1], g = x->count_group[alt];
        from = match_next_from(ov, text, end);
        if (ov[2 * g] == PCRE2_UNSET)
            continue;
        size_t s = ov[2 * g], e = ov[2 * g + 1];
        PCRE2_SPTR mark = pcre2_get_mark(x->count_md[alt]);
        int dx = mark ? atoi((const char *)mark) : 0;
        da_fact_kind kind = count_alts[alt].kind;
        double v = strncmp(count_alts[alt].group, "ls", 2) == 0 ? listed_sum(text + s, e - s)
                   : kind == DA_FACT_DRUG_WASTE ? strtod(text + s, NULL)
                                                : numeral_value(text + s, e - s);
        if (v <= 0)
            continue;
        /* a report's "shave biopsies x2" counts specimens received, not
         * procedures this note documents */
        if (kind == DA_FACT_PROCEDURE_COUNT && in_pathology(x, ms))
            continue;
        unsigned cues = context_of(x, text, len, ms, me);
        if (cues & (DA_CUE_NEG | DA_CUE_HIST | DA_CUE_PLAN | DA_CUE_RISK))
            continue;
        add_fact(x, kind, lesion, v,
                 kind == DA_FACT_LESION_COUNT || kind == DA_FACT_PROCEDURE_COUNT ? dx : 0, -1, ms, me);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* ---- drugs ------------------------------------------------------------- */

/* The concentration a drug name carries ("Kenalog-40" is 40 mg/mL), 0 when none. */
static double name_concentration(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (isdigit((unsigned char)s[i]))
            return strtod(s + i, NULL);
    return 0;
}

/* True when a waste word just precedes an amount ("Wasted: 20 mg"). */
static bool wasted_before(const char *text, size_t floor, size_t s)
{
    size_t b = s > floor + 16 ? s - 16 : floor;
    return ci_contains(text + b, s - b, "wast") || ci_contains(text + b, s - b, "discard");
}

/* True when the volume at text[s..e) is a container's or a diluent's, not
 * what was given ("5 mL multi-dose vial", "5 mL MDV", "diluted with 1 mL of
 * saline"). */
static bool not_given(const char *text, size_t floor, size_t s, size_t e, size_t to)
{
    size_t a = e + 24 < to ? e + 24 : to, b = s > floor + 24 ? s - 24 : floor;
    size_t w = e;
    while (w < to && text[w] == ' ')
        w++;
    if (w + 4 <= to && strncasecmp(text + w, "per ", 4) == 0)
        return true; /* a rate: "0.1 mL per injection site" */
    return ci_contains(text + e, a - e, "vial") || ci_contains(text + e, a - e, "bottle") ||
           ci_contains(text + e, a - e, "multi") || ci_contains(text + e, a - e, "mdv") ||
           ci_contains(text + e, a - e, "sdv") || ci_contains(text + e, a - e, "of saline") ||
           ci_contains(text + e, a - e, "of lidocaine") || ci_contains(text + e, a - e, "diluent") ||
           ci_contains(text + b, s - b, "dilut") || ci_contains(text + b, s - b, "mixed with");
}

/* "into each of 3 nodules", "each of the three keloids": the count each
 * volume was given to, 1 when none. */
static int each_of(const char *text, size_t from, size_t to)
{
    for (size_t i = from; i + 8 < to; i++) {
        if (strncasecmp(text + i, "each of ", 8) != 0)
            continue;
        size_t k = i + 8;
        if (k + 4 < to && strncasecmp(text + k, "the ", 4) == 0)
            k += 4;
        int n = numeral_value(text + k, strcspn(text + k, " ,.;)\n"));
        return n > 1 && n < 50 ? n : 1;
    }
    return 1;
}

/* True when the sentence text[s..e) counts the containers opened ("Vials
 * used: 2 (300 mg total)"): its total is what they held, not the dose
 * given, which is less by the waste. */
static bool containers_used(const char *text, size_t s, size_t e)
{
    return ci_contains(text + s, e - s, "vials used") ||
           ci_contains(text + s, e - s, "vials opened") ||
           ci_contains(text + s, e - s, "vials reconstituted");
}

/* What a sentence says about a dose, and what it carries to the next. */
typedef struct dose_read {
    double conc;    /* mg per mL, stated or carried by the name (in and out) */
    double content; /* mg one container holds ("300 mg/2 mL"), 0 unknown (in and out) */
    double total;   /* a total stated in mg, 0 none (out) */
    bool by_volume; /* the dose returned is volumes given times conc (out) */
} dose_read;

/* True when text[s..e) names a prefilled syringe, pen or autoinjector:
 * a strength per mL written on one is what its 1 mL holds. */
static bool names_syringe(const char *text, size_t s, size_t e)
{
    return ci_contains(text + s, e - s, "syringe") || ci_contains(text + s, e - s, "autoinject") ||
           ci_contains(text + s, e - s, "PFS") || ci_contains(text + s, e - s, " pen");
}

/* The dose in mg stated in text[from..to): a total, else the volumes given
 * (times the count each was given to) times the concentration (stated
 * here, else as carried in d), else an amount in mg. */
static double dose_in(da_extractor *x, const char *text, size_t from, size_t to, dose_read *d)
{
    double total = 0, conc = 0, ml = 0, mg = 0, total_ml = 0, held_ml = 0, content = 0;
    da_rx_result r;
    for (size_t f = from; (r = any_match(x, PAT_DOSE, text, f, to)) == DA_RX_FOUND;
         f = next_from(x, text, to)) {
        size_t s, e, s2, e2;
        if ((group_span(x, G_TMG, &s, &e) || group_span(x, G_TMG2, &s, &e)) &&
            containers_used(text, from, to))
            continue;
        if ((group_span(x, G_TMG, &s, &e) || group_span(x, G_TMG2, &s, &e)) && total == 0)
            total = strtod(text + s, NULL);
        else if ((group_span(x, G_TML, &s, &e) || group_span(x, G_TML2, &s, &e)) && total_ml == 0)
            total_ml = strtod(text + s, NULL);
        else if (group_span(x, G_MG, &s, &e) && wasted_before(text, from, s))
            continue;
        else if (group_span(x, G_PMG, &s, &e) && group_span(x, G_PML, &s2, &e2) && conc == 0) {
            double per = strtod(text + s2, NULL);
            if (per > 0) {
                content = strtod(text + s, NULL);
                conc = content / per;
            }
        } else if (group_span(x, G_CMG, &s, &e) && conc == 0) {
            conc = strtod(text + s, NULL);
        } else if (group_span(x, G_ML, &s, &e)) {
            if (!not_given(text, from, s, e, to))
                ml += strtod(text + s, NULL);
            else if (held_ml == 0)
                held_ml = strtod(text + s, NULL); /* "1 mL single-dose vial" */
        } else if (group_span(x, G_MG, &s, &e) && mg == 0)
            mg = strtod(text + s, NULL);
    }
    if (conc > 0) {
        if (content == 0 && names_syringe(text, from, to))
            content = conc;
        d->conc = conc;
    }
    conc = d->conc;
    if (content == 0 && held_ml > 0 && conc > 0)
        content = held_ml * conc;
    if (content > 0)
        d->content = content;
    if (total == 0 && total_ml > 0 && conc > 0)
        total = round(total_ml * conc * 1000) / 1000; /* "(1.5 mL total)" */
    d->total = total;
    d->by_volume = false;
    if (total > 0)
        return total;
    if (ml > 0 && conc > 0) {
        d->by_volume = true;
        return round(ml * each_of(text, from, to) * conc * 1000) / 1000;
    }
    return mg;
}

/* Notes in text[from..to) that a whole container was given, and raises
 * *containers to the count the text gives. */
static bool whole_given(da_extractor *x, const char *text, size_t from, size_t to, int *containers)
{
    bool whole = false;
    da_rx_result r;
    for (size_t f = from; (r = any_match(x, PAT_WHOLE, text, f, to)) == DA_RX_FOUND;
         f = next_from(x, text, to)) {
        size_t s, e;
        if (group_span(x, G_WHOLE, &s, &e))
            whole = true;
        else if (group_span(x, G_NX, &s, &e) || group_span(x, G_NW, &s, &e)) {
            int n = strncasecmp(text + s, "both", 4) == 0 ? 2 : numeral_value(text + s, e - s);
            if (n > *containers)
                *containers = n;
        }
    }
    return whole;
}

/* True when a sentence is about the anaesthetic or the diluent, whose
 * volumes are not the drug's ("1% lidocaine 2 mL"). */
static bool other_liquid(const char *text, size_t s, size_t e)
{
    return ci_contains(text + s, e - s, "lidocaine") || ci_contains(text + s, e - s, "anesthe") ||
           ci_contains(text + s, e - s, "anaesthe") || ci_contains(text + s, e - s, "saline");
}

#define DOSE_SENTENCES 4 /* sentences after a drug's own that may state its dose */
#define DOSE_LINES 8     /* list lines after it that may give volumes to sum */

/* The dose of a drug named at text[s..e): what its sentence states, unless
 * a total follows in the same paragraph ("0.5 mL into each of 3 nodules.
 * Total 1.5 mL = 15 mg."), which wins. A sentence stating nothing takes,
 * in this order: the volumes the lines after it list, summed ("R earlobe:
 * 0.5 mL (20 mg)", "L earlobe: 0.5 mL (20 mg)"; a concentration stated on
 * the way applies to the volumes after it); whole containers given times
 * what one holds ("300 mg/2 mL PFS x1 ... whole syringe given"; a
 * strength per mL on a prefilled syringe or pen is its 1 mL's); the first
 * amount a following sentence states ("full 150 mg given"). An amount
 * after a list of volumes ends it: it is another drug's. */
static double dose_of(da_extractor *x, const char *text, size_t len, size_t s, size_t e)
{
    dose_read d = {.conc = name_concentration(text + s, e - s)};
    size_t ss, se;
    sentence_of(text, 0, len, s, &ss, &se);
    double dose = dose_in(x, text, ss, se, &d), listed = 0, loose = 0;
    int containers = 0;
    bool whole = whole_given(x, text, ss, se, &containers);
    for (int k = 0; k < DOSE_LINES && d.total == 0; k++) {
        size_t p = se + 1, breaks = text[se] == '\n';
        while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n'))
            breaks += text[p++] == '\n';
        if (p >= len || breaks > 1 || (k >= DOSE_SENTENCES && listed == 0))
            break; /* a blank line ends the paragraph */
        size_t ns, ne;
        sentence_of(text, 0, len, p, &ns, &ne);
        se = ne;
        if (other_liquid(text, ns, ne))
            continue;
        double next = dose_in(x, text, ns, ne, &d);
        if (d.total > 0)
            return d.total;
        whole |= whole_given(x, text, ns, ne, &containers);
        if (d.by_volume)
            listed += next;
        else if (next > 0 && listed > 0)
            break;
        else if (next > 0 && loose == 0)
            loose = next;
    }
    if (dose > 0)
        return dose;
    if (listed > 0)
        return listed;
    if (whole && d.content > 0)
        return d.content * (containers > 0 ? containers : 1);
    return loose;
}

static da_error find_drugs(da_extractor *x, const char *text, size_t len, size_t from, size_t end,
                           int lesion)
{
    da_rx_result r;
    while ((r = match(x, PAT_DRUG, text, from, end)) == DA_RX_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        PCRE2_SPTR mark = pcre2_get_mark(x->rx.md);
        if (!mark)
            continue;
        int ref = atoi((const char *)mark);
        if (match(x, PAT_TOPICAL, text, e, end) == DA_RX_FOUND)
            continue;
        size_t ss, se;
        sentence_of(text, 0, len, s, &ss, &se);
        if (any_match(x, PAT_ADMIN, text, ss, se) != DA_RX_FOUND || patient_injects(text, ss, se))
            continue;
        unsigned cues = context_of(x, text, len, s, e);
        if (cues & (DA_CUE_NEG | DA_CUE_HIST | DA_CUE_PLAN))
            continue;
        double dose = dose_of(x, text, len, s, e);
        da_fact f = {.kind = DA_FACT_DRUG, .lesion = lesion, .value = dose, .site = -1,
                     .ref = ref, .start = s, .end = e};
        da_facts_add(x->out, &f);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

static int fact_cmp(const void *a, const void *b)
{
    const da_fact *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* True when only blanks separate pos from the start of its line. */
static bool line_start(const char *text, size_t pos)
{
    while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t'))
        pos--;
    return pos == 0 || text[pos - 1] == '\n';
}

/* ---- after the scan: one fact per statement, state-dependent values ---- */

/* Kinds where a second mention of the same value in a lesion adds nothing. */
static bool kind_dedup(da_fact_kind k)
{
    switch (k) {
    case DA_FACT_PROCEDURE: case DA_FACT_REPAIR: case DA_FACT_UNDERMINING: case DA_FACT_FLAP:
    case DA_FACT_WOUND_PREP:
    case DA_FACT_GRAFT: case DA_FACT_DIAGNOSIS: case DA_FACT_PATH_DIAGNOSIS: case DA_FACT_SPECIMEN:
    case DA_FACT_STAIN: case DA_FACT_FROZEN_SECTION: case DA_FACT_MOHS_MORE: case DA_FACT_DRUG_SOURCE: case DA_FACT_ROUTE:
    case DA_FACT_CONTAINER: case DA_FACT_NDC: case DA_FACT_NECESSITY: case DA_FACT_COSMETIC:
    case DA_FACT_PROBLEM: case DA_FACT_RX: case DA_FACT_OTC: case DA_FACT_DATA:
    case DA_FACT_SEPARATE_EM: case DA_FACT_TOTAL_TIME: case DA_FACT_LESIONS_INJECTED:
        return true;
    default:
        return false;
    }
}

#define DELETED DA_FACT_KIND_COUNT

/* Bytes looked back from a position for the start of its line: a position
 * further into a line is in prose, not in a list item's heading. */
#define ITEM_LINE_REACH 400

static bool numbered_item(const char *text, size_t pos)
{
    size_t ls = pos, floor = pos > ITEM_LINE_REACH ? pos - ITEM_LINE_REACH : 0;
    while (ls > floor && text[ls - 1] != '\n')
        ls--;
    if (ls > 0 && text[ls - 1] != '\n')
        return false; /* deep in a long line: not an item heading */
    while (text[ls] == ' ' || text[ls] == '\t')
        ls++;
    if (!isdigit((unsigned char)text[ls]))
        return false;
    while (isdigit((unsigned char)text[ls]))
        ls++;
    return text[ls] == '.' || text[ls] == ')';
}

/* Problems: a clinical diagnosis with a status word in its sentence, or
 * heading a numbered item of the assessment. */
static void add_problems(da_extractor *x, const char *text, size_t len)
{
    da_fact_list *out = x->out;
    size_t n = out->count;
    for (size_t i = 0; i < n; i++) {
        da_fact f = out->items[i];
        if (f.kind != DA_FACT_DIAGNOSIS)
            continue;
        size_t ss, se;
        sentence_of(text, 0, len, f.start, &ss, &se);
        const status_cue *best = NULL;
        size_t best_gap = SIZE_MAX;
        size_t lo = 0, hi = x->nstatus; /* cues are in text order: find the sentence's first */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (x->status[mid].start < ss)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < x->nstatus && x->status[k].start < se; k++) {
            const status_cue *c = &x->status[k];
            if (c->end > se)
                continue;
            size_t gap = c->start >= f.end ? c->start - f.end : f.start > c->end ? f.start - c->end : 0;
            if (gap < best_gap) {
                best = c;
                best_gap = gap;
            }
        }
        bool item = section_of(x, f.start)->kind == DA_SEC_PLAN && numbered_item(text, f.start);
        if (!best && !item)
            continue;
        size_t s = f.start, e = f.end;
        if (best) {
            s = best->start < s ? best->start : s;
            e = best->end > e ? best->end : e;
        }
        add_fact(x, DA_FACT_PROBLEM, f.lesion, best ? best->status : DA_PROBLEM_UNSPECIFIED,
                 f.value, -1, s, e);
    }
}

/* Groups facts that may repeat one another: kind, lesion, then the value
 * (a drug: its dose, largest first), then text order. */
static int dedup_cmp(const void *a, const void *b)
{
    const da_fact *x = a, *y = b;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->lesion != y->lesion)
        return x->lesion - y->lesion;
    if (x->kind == DA_FACT_DRUG) {
        if (x->ref != y->ref)
            return x->ref - y->ref;
        if (x->value != y->value)
            return x->value > y->value ? -1 : 1;
    } else {
        if (x->value != y->value)
            return x->value < y->value ? -1 : 1;
        if (x->value2 != y->value2)
            return x->value2 < y->value2 ? -1 : 1;
        if (x->kind == DA_FACT_STAIN && x->ref != y->ref)
            return x->ref < y->ref ? -1 : 1; /* the antibody (stain_identity) */
    }
    return fact_cmp(a, b);
}

/* ---- services not audited ---------------------------------------------- */

/* Services of rules/services.csv performed today: named, counted as not
 * audited, and kept from being read as a lesion removal (finish_note). */
static da_error find_services(da_extractor *x, const char *text, size_t len, size_t from,
                              size_t end, int lesion)
{
    da_rx_result r;
    while ((r = match(x, PAT_SERVICE, text, from, end)) == DA_RX_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        int row = da_rx_mark(x->rx.md);
        if (row < 0 || (size_t)row >= x->vocab.nservices || quiet_section(x, s))
            continue;
        if (context_of(x, text, len, s, e) & (DA_CUE_NEG | DA_CUE_HIST | DA_CUE_PLAN | DA_CUE_RISK))
            continue;
        add_fact(x, DA_FACT_SERVICE, lesion, row, x->vocab.services[row].replaces, -1, s, e);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* ---- the reading's own checks ----------------------------------------- */

/* True when the clause before a removal verb at s names what is not a
 * lesion: tissue a repair trims ("the standing cone was removed",
 * "dog-ears excised"), or what a post-operative visit takes out ("Sutures
 * removed", "steri-strips removed"). */
static bool not_a_lesion(const char *text, size_t s)
{
    static const char *const words[] = {"cone",     "dog ear", "dog-ear", "dogear", "burow",
                                        "redundant", "excess skin", "excess tissue", "suture",
                                        "stitch",   "staple",  "strip",   "dressing", "bandage",
                                        "bolster",  "drain",   "packing"};
    size_t b = clause_before(text, 0, s, ".;\n");
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (ci_contains(text + b, s - b, words[i]))
            return true;
    return false;
}

/* Removal verbs in current text, as DA_GAP_UNREAD candidates: finish_note
 * keeps those whose lesion states no procedure. */
static da_error find_removals(da_extractor *x, const char *text, size_t len, size_t from,
                              size_t end, int lesion)
{
    da_rx_result r;
    while ((r = match(x, PAT_REMOVAL, text, from, end)) == DA_RX_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        if (quiet_section(x, s) || in_pathology(x, s) || not_a_lesion(text, s))
            continue;
        if ((context_of(x, text, len, s, e) | procedure_cue(x, s)) &
            (DA_CUE_NEG | DA_CUE_HIST | DA_CUE_PLAN | DA_CUE_RISK))
            continue;
        add_fact(x, DA_FACT_READING, lesion, DA_GAP_UNREAD, 0, -1, s, e);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* Kinds that state what was done to a lesion. */
static bool states_procedure(da_fact_kind k)
{
    return k == DA_FACT_PROCEDURE || k == DA_FACT_SERVICE || k == DA_FACT_MOHS ||
           k == DA_FACT_LESION_COUNT || k == DA_FACT_LESIONS_INJECTED;
}

/* The reading's checks of a note against itself: a removal verb is a gap
 * only in a lesion that states no procedure; every count the note states
 * must match the lesions found (lesions with a removal, or with a biopsy
 * when it counts biopsies), except a single unlabelled lesion counted by
 * the note ("shave biopsies x3 of the arm, back and chest"), which the
 * rules read as that many. Duplicate gaps of one lesion are dropped. */
static void check_reading(da_extractor *x)
{
    da_fact_list *out = x->out;
    bool done[DA_LESION_NUMBERS] = {false}, removal[DA_LESION_NUMBERS] = {false};
    bool biopsy[DA_LESION_NUMBERS] = {false}, unread_kept[DA_LESION_NUMBERS] = {false};
    for (size_t i = 0; i < out->count; i++) {
        const da_fact *f = &out->items[i];
        int l = f->lesion < DA_LESION_NUMBERS ? f->lesion : DA_LESION_NUMBERS - 1;
        done[l] |= states_procedure(f->kind);
        if (f->kind == DA_FACT_PROCEDURE || f->kind == DA_FACT_MOHS) {
            int p = (int)f->value;
            bool b = f->kind == DA_FACT_PROCEDURE && (p == DA_PROC_BIOPSY_TANGENTIAL ||
                                                      p == DA_PROC_BIOPSY_PUNCH ||
                                                      p == DA_PROC_BIOPSY_INCISIONAL);
            biopsy[l] |= b;
            removal[l] |= b || f->kind == DA_FACT_MOHS || p == DA_PROC_EXCISION ||
                          p == DA_PROC_SHAVE;
        }
    }
    int n_removal = 0, n_biopsy = 0;
    for (int l = out->nlesions ? 1 : 0;
         l <= (out->nlesions ? out->nlesions : 0) && l < DA_LESION_NUMBERS; l++)
        n_removal += removal[l], n_biopsy += biopsy[l];
    for (size_t i = 0; i < out->count; i++) {
        da_fact *f = &out->items[i];
        int l = f->lesion < DA_LESION_NUMBERS ? f->lesion : DA_LESION_NUMBERS - 1;
        if (f->kind == DA_FACT_READING && f->value == DA_GAP_UNREAD) {
            if (done[l] || (f->lesion == 0 && out->nlesions > 0) || unread_kept[l])
                f->kind = DELETED;
            else
                unread_kept[l] = true;
        } else if (f->kind == DA_FACT_PROCEDURE_COUNT) {
            int stated = (int)f->value;
            /* tumours or sites are the lesions the note is cut into */
            int found = f->value2 == DA_COUNT_BIOPSIES ? n_biopsy
                        : f->value2 == DA_COUNT_TUMORS ? (out->nlesions ? out->nlesions : 1)
                                                       : n_removal;
            bool one_counted = out->nlesions == 0 && found == 1 && stated > 1;
            if (stated != found && !one_counted && stated > 0)
                add_fact(x, DA_FACT_READING, f->lesion, DA_GAP_COUNT, stated, -1, f->start,
                         f->end);
        }
    }
}

/* A service that needs a procedure stated with it ("excision" of a lipoma)
 * stands only where its sentence states one; the procedure its own words
 * state ("excisional debridement", "excision of a lipoma") is the
 * service's, not a lesion removal of the rule families. */
static void settle_services(da_extractor *x, const char *text, size_t len)
{
    da_fact_list *out = x->out;
    for (size_t i = 0; i < out->count; i++) {
        da_fact *f = &out->items[i];
        if (f->kind != DA_FACT_SERVICE)
            continue;
        const da_service_row *row = &x->vocab.services[(int)f->value];
        size_t ss, se;
        sentence_of(text, 0, len, f->start, &ss, &se);
        bool stated = !row->needs;
        for (size_t k = 0; k < out->count && !stated; k++)
            stated = out->items[k].kind == DA_FACT_PROCEDURE &&
                     out->items[k].value == row->needs && out->items[k].start >= ss &&
                     out->items[k].end <= se;
        if (!stated) {
            f->kind = DELETED;
            continue;
        }
        for (size_t k = 0; k < out->count && row->replaces; k++) {
            da_fact *p = &out->items[k];
            if (p->kind == DA_FACT_PROCEDURE && p->value == row->replaces && p->start >= ss &&
                p->end <= se)
                p->kind = DELETED;
        }
    }
}

/* "punch bx x2 today, 4 mm: A - L distal thigh, B - R shin": the note's
 * own text names one procedure and counts as many as the lesions it
 * lists, none of which names a procedure of its own; each lesion had it.
 * Any other shape is left to the reading's checks. */
static void distribute_procedure(da_extractor *x)
{
    da_fact_list *out = x->out;
    if (out->nlesions < 2 || out->nlesions >= DA_LESION_NUMBERS)
        return;
    bool done[DA_LESION_NUMBERS] = {false};
    long proc = -1;
    int counted = 0;
    for (size_t i = 0; i < out->count; i++) {
        const da_fact *f = &out->items[i];
        if (f->lesion < 0 || f->lesion >= DA_LESION_NUMBERS)
            continue;
        done[f->lesion] |= states_procedure(f->kind);
        if (f->lesion != 0)
            continue;
        if (f->kind == DA_FACT_PROCEDURE) {
            if (proc >= 0 && out->items[proc].value != f->value)
                return; /* two procedures: which lesion had which is not said */
            if (proc < 0)
                proc = (long)i;
        } else if (f->kind == DA_FACT_PROCEDURE_COUNT && (int)f->value > counted) {
            counted = (int)f->value;
        }
    }
    if (proc < 0 || counted != out->nlesions)
        return;
    for (int l = 1; l <= out->nlesions; l++)
        if (done[l])
            return;
    da_fact model = out->items[proc];
    for (int l = 1; l <= out->nlesions; l++) {
        model.lesion = l;
        da_facts_add(out, &model);
    }
}

#define FROZEN_BIOPSY_BYTES 400 /* a biopsy this close before a frozen section was what it read */

/* True when the frozen section out->items[i] follows a biopsy of the same
 * lesion within FROZEN_BIOPSY_BYTES with no Mohs mention between (facts
 * in text order): a same-day diagnostic biopsy read frozen before Mohs. */
static bool frozen_biopsy(const da_fact_list *out, size_t i)
{
    const da_fact *fs = &out->items[i];
    for (size_t k = i; k-- > 0;) {
        const da_fact *f = &out->items[k];
        if (fs->start - f->start > FROZEN_BIOPSY_BYTES || f->kind == DA_FACT_MOHS)
            return false;
        if (f->kind == DA_FACT_PROCEDURE && f->lesion == fs->lesion &&
            (f->value == DA_PROC_BIOPSY_TANGENTIAL || f->value == DA_PROC_BIOPSY_PUNCH ||
             f->value == DA_PROC_BIOPSY_INCISIONAL))
            return true;
    }
    return false;
}

/* True when a Mohs stage is stated earlier on the line of fact i ("Stage 1:
 * saucerized layer ..."): what the line says was done, that stage did. */
static bool stage_on_line(const da_fact_list *out, size_t i, const char *text)
{
    size_t ls = out->items[i].start;
    while (ls > 0 && text[ls - 1] != '\n')
        ls--;
    for (size_t k = i; k-- > 0 && out->items[k].start >= ls;)
        if (out->items[k].kind == DA_FACT_MOHS_STAGE)
            return true;
    return false;
}

/* The kind of the segment holding pos. */
static da_segment_kind segment_kind_at(const da_extractor *x, size_t pos)
{
    size_t lo = 0, hi = x->segments.count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->segments.items[mid].start <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return hi ? x->segments.items[lo].kind : DA_SEG_NOTE;
}

/* A lesion's own list item or label says what was done to it: another
 * procedure read in narrative that names its site ("These required
 * standard excision with the smaller lesion of the right nasal ala being
 * ... amenable to a superficial shave excision") is another lesion's. */
static void keep_own_procedures(da_extractor *x)
{
    da_fact_list *out = x->out;
    if (out->nlesions < 2 || out->nlesions >= DA_LESION_NUMBERS)
        return;
    unsigned own[DA_LESION_NUMBERS] = {0};
    for (size_t i = 0; i < out->count; i++) {
        const da_fact *f = &out->items[i];
        if (f->kind == DA_FACT_PROCEDURE && f->lesion > 0 && f->lesion < DA_LESION_NUMBERS &&
            segment_kind_at(x, f->start) != DA_SEG_SITE)
            own[f->lesion] |= 1u << ((unsigned)f->value & 31);
    }
    for (size_t i = 0; i < out->count; i++) {
        da_fact *f = &out->items[i];
        if (f->kind == DA_FACT_PROCEDURE && f->lesion > 0 && f->lesion < DA_LESION_NUMBERS &&
            own[f->lesion] && !(own[f->lesion] & (1u << ((unsigned)f->value & 31))) &&
            segment_kind_at(x, f->start) == DA_SEG_SITE)
            f->kind = DELETED;
    }
}

/* Occurrences of word (a prefix, any case) in text[0..len) outside a
 * pathology report's sections. */
static int words_outside_pathology(const da_extractor *x, const char *text, size_t len,
                                   const char *word)
{
    size_t n = strlen(word);
    int count = 0;
    for (size_t i = 0; i + n <= len; i++)
        if ((i == 0 || !isalnum((unsigned char)text[i - 1])) && strncasecmp(text + i, word, n) == 0 &&
            !in_pathology(x, i))
            count++;
    return count;
}

/* "The lesion was saucerized off": a tangential removal whose words do not
 * say biopsy or removal. The note's intent does (coding-rules.md 1.1, 2):
 * "biopsy recommended ... prefers biopsy today" makes it a biopsy,
 * "Removal today" a shave removal; both or neither leave the row's reading. */
static void saucerization_intent(da_extractor *x, const char *text, size_t len)
{
    int biopsy = -1, removal = -1;
    for (size_t i = 0; i < x->out->count; i++) {
        da_fact *f = &x->out->items[i];
        if (f->kind != DA_FACT_PROCEDURE ||
            (f->value != DA_PROC_SHAVE && f->value != DA_PROC_BIOPSY_TANGENTIAL) ||
            f->end - f->start < 10 || strncasecmp(text + f->start, "saucerized", 10) != 0)
            continue;
        if (biopsy < 0) {
            biopsy = words_outside_pathology(x, text, len, "biops") +
                     words_outside_pathology(x, text, len, "bx");
            removal = words_outside_pathology(x, text, len, "remov");
        }
        if (biopsy > 0 && removal == 0)
            f->value = DA_PROC_BIOPSY_TANGENTIAL;
        else if (removal > 0 && biopsy == 0)
            f->value = DA_PROC_SHAVE;
    }
}

/* Undermining measured against the defect: "undermined widely in the
 * subcutaneous plane approximately 2.5 cm" beside a 2.2 cm defect reaches the
 * defect's width, CPT's extensive undermining. The defect's greatest
 * dimension stands for its width: never less than the width CPT measures
 * across the closure, so the rule is not met sooner than it is. */
static void undermining_width(da_extractor *x, const char *text, size_t len)
{
    da_fact_list *out = x->out;
    for (size_t i = 0; i < out->count; i++) {
        da_fact *u = &out->items[i];
        if (u->kind != DA_FACT_UNDERMINING || (u->value != DA_UNDERMINE_UNSPECIFIED &&
                                                u->value != DA_UNDERMINE_EXTENSIVE))
            continue;
        double defect = 0, reach = 0;
        size_t ss, se;
        sentence_of(text, 0, len, u->start, &ss, &se);
        for (size_t k = 0; k < out->count; k++) {
            const da_fact *f = &out->items[k];
            if (f->lesion != u->lesion)
                continue;
            if (f->kind == DA_FACT_DEFECT_SIZE && f->value > defect)
                defect = f->value;
            if (f->kind == DA_FACT_MEASURE && (int)f->value2 == DA_ROLE_DISTANCE &&
                f->start >= ss && f->start < se && f->value > reach)
                reach = f->value;
        }
        if (defect > 0 && reach >= defect)
            u->value = DA_UNDERMINE_WIDTH;
    }
}

static void finish_note(da_extractor *x, const char *text, size_t len)
{
    da_fact_list *out = x->out;
    saucerization_intent(x, text, len);
    keep_own_procedures(x);
    add_problems(x, text, len);
    settle_services(x, text, len);
    distribute_procedure(x);
    check_reading(x);
    undermining_width(x, text, len);
    da_sort(out->items, out->count, sizeof(*out->items), fact_cmp);
    bool mohs = false, labelled_specimen = false;
    int repair[DA_LESION_NUMBERS] = {0}, undermining[DA_LESION_NUMBERS] = {0};
    bool named_flap[DA_LESION_NUMBERS] = {false};
    bool destruction_method[DA_LESION_NUMBERS] = {false};
    for (size_t i = 0; i < out->count; i++) {
        const da_fact *f = &out->items[i];
        int l = f->lesion < DA_LESION_NUMBERS ? f->lesion : DA_LESION_NUMBERS - 1;
        mohs |= f->kind == DA_FACT_MOHS;
        labelled_specimen |= f->kind == DA_FACT_SPECIMEN && f->value > 0;
        if (f->kind == DA_FACT_REPAIR && f->value > repair[l])
            repair[l] = (int)f->value;
        if (f->kind == DA_FACT_UNDERMINING && f->value > undermining[l])
            undermining[l] = (int)f->value;
        named_flap[l] |= f->kind == DA_FACT_FLAP && f->value != DA_FLAP_OTHER;
        destruction_method[l] |= f->kind == DA_FACT_PROCEDURE && f->value == DA_PROC_DESTRUCTION &&
                                 f->value2 != DA_DESTROY_UNSPECIFIED;
    }
    int last_dx = 0;  /* clinical diagnosis most recently stated */
    int last_drug = -1;
    for (size_t i = 0; i < out->count; i++) {
        da_fact *f = &out->items[i];
        int l = f->lesion < DA_LESION_NUMBERS ? f->lesion : DA_LESION_NUMBERS - 1;
        switch (f->kind) {
        case DA_FACT_PROCEDURE:
            /* The Mohs surgeon excises and curettes as part of Mohs; the
             * layer a stage names ("Stage 1: saucerized layer w/ 3 mm
             * margin") is that stage, not a diagnostic biopsy. */
            if (mohs && (f->value == DA_PROC_EXCISION ||
                         (f->value == DA_PROC_DESTRUCTION && f->value2 == DA_DESTROY_CURETTAGE) ||
                         stage_on_line(out, i, text)))
                f->kind = DELETED;
            /* "Destruction" says less than the method named beside it. */
            if (f->value == DA_PROC_DESTRUCTION && f->value2 == DA_DESTROY_UNSPECIFIED &&
                destruction_method[l])
                f->kind = DELETED;
            break;
        case DA_FACT_FROZEN_SECTION:
            /* Mohs reads its own tissue; a frozen section just after a
             * biopsy, no Mohs between, read the diagnostic biopsy. */
            if (mohs && !frozen_biopsy(out, i))
                f->kind = DELETED;
            break;
        case DA_FACT_REPAIR:
            if (f->value < repair[l])
                f->kind = DELETED;
            break;
        case DA_FACT_UNDERMINING:
            if (f->value < undermining[l])
                f->kind = DELETED;
            break;
        case DA_FACT_FLAP:
            if (f->value == DA_FLAP_OTHER && named_flap[l])
                f->kind = DELETED;
            break;
        case DA_FACT_SPECIMEN:
            if (f->value == 0 && labelled_specimen)
                f->kind = DELETED;
            else
                f->value2 = x->lab;
            break;
        case DA_FACT_DIAGNOSIS:
            last_dx = (int)f->value;
            break;
        case DA_FACT_LESION_COUNT:
            /* "8 lesions treated": the diagnosis stated before, else the next one. */
            for (size_t k = i + 1; f->value2 == 0 && !last_dx && k < out->count && k < i + 64; k++)
                if (out->items[k].kind == DA_FACT_DIAGNOSIS && out->items[k].lesion == f->lesion)
                    f->value2 = out->items[k].value;
            if (f->value2 == 0)
                f->value2 = last_dx;
            break;
        case DA_FACT_DRUG:
            last_drug = f->ref;
            break;
        case DA_FACT_DRUG_WASTE:
            f->ref = last_drug;
            break;
        default:
            break;
        }
    }
    /* A waste statement before any drug belongs to the first drug. */
    for (size_t i = 0; i < out->count; i++)
        if (out->items[i].kind == DA_FACT_DRUG_WASTE && out->items[i].ref < 0)
            for (size_t k = i + 1; k < out->count && k < i + 64 && out->items[i].ref < 0; k++)
                if (out->items[k].kind == DA_FACT_DRUG)
                    out->items[i].ref = out->items[k].ref;
    /* One fact per value per lesion; one drug fact per drug per lesion, the
     * mention with the dose. Sorting by that key keeps this linear-log on
     * a note of any size. */
    da_sort(out->items, out->count, sizeof(*out->items), dedup_cmp);
    size_t head = 0; /* first fact of the current run of equal keys */
    for (size_t i = 1; i < out->count; i++) {
        const da_fact *f = &out->items[head];
        da_fact *g = &out->items[i];
        bool same = g->kind == f->kind && g->lesion == f->lesion &&
                    (g->kind == DA_FACT_DRUG ? g->ref == f->ref
                                             : kind_dedup(g->kind) && g->value == f->value &&
                                                   g->value2 == f->value2 &&
                                                   (g->kind != DA_FACT_STAIN || g->ref == f->ref));
        if (same)
            g->kind = DELETED;
        else
            head = i;
    }
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++)
        if (out->items[i].kind != DELETED)
            out->items[kept++] = out->items[i];
    out->count = kept;
    da_sort(out->items, out->count, sizeof(*out->items), fact_cmp);
}

#define READER_WORDS 3 /* "you" and "your" this often, and no patient, make a handout */

/* True when the text addresses its reader and never a patient: a handout
 * ("commonly referred to as just acne ... your doctor may prescribe") filed
 * as a note. A note, however terse, names no "you"; an education text names
 * no patient, no exam, no "he" or "she". */
static bool reader_document(const char *text, size_t len)
{
    static const char *const patient[] = {"patient", "pt", "he", "she", "his", "her",
                                          "presents", "complains", "exam", "examination",
                                          "today", "yo", "old"};
    /* "you" is rare in notes: count it first, cheaply */
    int you = 0;
    for (size_t i = 0; i + 3 <= len && you < READER_WORDS; i++)
        if ((text[i] | 0x20) == 'y' && (i == 0 || !isalpha((unsigned char)text[i - 1])) &&
            (text[i + 1] | 0x20) == 'o' && (text[i + 2] | 0x20) == 'u' &&
            (i + 3 == len || !isalpha((unsigned char)text[i + 3]) ||
             ((text[i + 3] | 0x20) == 'r' && (i + 4 == len || !isalpha((unsigned char)text[i + 4])))))
            you++;
    if (you < READER_WORDS)
        return false;
    for (size_t i = 0; i < len;) {
        while (i < len && !isalpha((unsigned char)text[i]))
            i++;
        size_t w = i;
        while (i < len && isalpha((unsigned char)text[i]))
            i++;
        for (size_t k = 0; k < sizeof(patient) / sizeof(patient[0]); k++)
            if (word_is(text + w, i - w, patient[k]))
                return false;
    }
    return true;
}

/* A Mohs unit's note whose only Mohs words are the unit's name ("Strand
 * Mohs Surgery Center - Op report") documents Mohs surgery by its stage
 * table: a stage with its own block count ("Stage I: 5 blocks") is Mohs,
 * tumour stages have no blocks. Without one, the stages read from
 * facts[from..] go again: the note says nothing of Mohs done. */
static void unit_stage_table(da_extractor *x, size_t from)
{
    da_fact_list *out = x->out;
    const da_fact *stage = NULL;
    bool tied = false;
    for (size_t i = from; i < out->count; i++) {
        const da_fact *f = &out->items[i];
        if (f->kind == DA_FACT_MOHS_STAGE && !stage)
            stage = f;
        tied |= f->kind == DA_FACT_MOHS_BLOCKS && f->value2 > 0;
    }
    if (stage && tied)
        add_fact(x, DA_FACT_MOHS, stage->lesion, 1, 0, -1, stage->start, stage->end);
    else
        out->count = from;
}

/* No facts yet, and the reader's state of a note as at its start. */
static void start_reading(da_extractor *x)
{
    da_facts_clear(x->out);
    x->counts_stopped = false;
    x->mohs_unit = false;
    x->lab = DA_LAB_UNKNOWN;
    x->nstatus = 0;
    x->rx_sentence = SIZE_MAX;
    x->last_cues = 0;
}

/* Reads every segment of the note: terms, measures, sites, counts, drugs,
 * services and removals, then Mohs stages when Mohs is documented. */
static da_error read_segments(da_extractor *x, const char *text, size_t len, unsigned gates)
{
    da_fact_list *out = x->out;
    da_error err = DA_OK;
    bool measures = (gates & GATE_MEASURE) != 0;
    bool areas = measures && (gates & GATE_AREA);
    bool mohs = (gates & GATE_MOHS) != 0;
    /* Each lesion's text is read as that lesion's (segment.h); text outside
     * every lesion belongs to the note as a whole (lesion 0). */
    bool documented = false;
    size_t first_stage_fact = 0; /* where the second pass's facts begin */
    for (size_t pass = 0; pass < 2 && err == DA_OK; pass++) {
        if (pass == 1) {
            for (size_t i = 0; i < out->count; i++)
                documented |= out->items[i].kind == DA_FACT_MOHS;
            if (!documented && !x->mohs_unit)
                break;
            first_stage_fact = out->count;
        }
        for (size_t b = 0; b < x->segments.count && err == DA_OK; b++) {
            const da_segment *seg = &x->segments.items[b];
            size_t from = seg->body, end = seg->end;
            int lesion = seg->lesion;
            x->block_is_specimen = seg->specimen;
            /* "Specimen B:" heading a line, or an item of a report, names a specimen */
            if (pass == 0 && seg->specimen && (seg->kind == DA_SEG_ITEM || line_start(text, seg->start)))
                add_fact(x, DA_FACT_SPECIMEN, lesion, lesion, 0, -1, seg->start, seg->body);
            if (from >= end)
                continue;
            if (pass == 0) {
                err = find_terms(x, text, len, from, end, lesion);
                if (err == DA_OK && measures)
                    err = find_measures(x, text, seg->start, from, end, (gates & GATE_WORDS) != 0,
                                        lesion);
                if (err == DA_OK && areas)
                    err = find_areas(x, text, from, end, lesion);
                if (err == DA_OK)
                    err = find_sites(x, text, from, end, lesion);
                if (err == DA_OK)
                    err = find_counts(x, text, len, from, end, lesion);
                if (err == DA_OK)
                    err = find_drugs(x, text, len, from, end, lesion);
                if (err == DA_OK)
                    err = find_services(x, text, len, from, end, lesion);
                if (err == DA_OK)
                    err = find_removals(x, text, len, from, end, lesion);
                if (err == DA_OK && mohs)
                    err = find_mohs(x, text, from, end, lesion);
            } else {
                err = find_stages(x, text, from, end, lesion);
                if (err == DA_OK)
                    err = find_deep(x, text, from, end, lesion);
            }
        }
    }
    if (err == DA_OK && !documented && x->mohs_unit)
        unit_stage_table(x, first_stage_fact);
    return err;
}

#define SITE_LESIONS_MAX 8 /* lesions a note may be cut into by its procedure sites */

/* The sites a note without labels or lists names for its procedures, when
 * they tell lesions apart: each lesion-level procedure whose sentence names
 * one place (a summary naming several is passed over), and at least two
 * places neither of which lies in the other ("punch biopsy of the left lower
 * back ... shave biopsy of the right antihelix"). 0 when they do not. */
static int procedure_sites(da_extractor *x, const char *text, size_t len, da_site_key *keys)
{
    const da_fact_list *out = x->out;
    int n = 0;
    for (size_t i = 0; i < out->count; i++) {
        const da_fact *p = &out->items[i];
        /* procedures done, in the procedure's own text: not an indication,
         * a plan or an exam naming an excision to come */
        da_section_kind sk = section_of(x, p->start)->kind;
        if (p->kind != DA_FACT_PROCEDURE ||
            (sk != DA_SEC_PROCEDURE && sk != DA_SEC_NONE && sk != DA_SEC_OTHER))
            continue;
        size_t ss, se;
        sentence_of(text, 0, len, p->start, &ss, &se);
        da_site_key key = {-1, 0};
        bool several = false;
        for (size_t k = 0; k < out->count && !several; k++) {
            const da_fact *f = &out->items[k];
            if (f->kind != DA_FACT_SITE || f->start < ss || f->end > se)
                continue;
            char side = f->value2 == DA_SIDE_LEFT ? 'l' : f->value2 == DA_SIDE_RIGHT ? 'r'
                        : f->value2 == DA_SIDE_BILATERAL ? 'b' : 0;
            if (key.site < 0) {
                key = (da_site_key){f->site, side};
            } else if ((side && key.side && side != key.side) ||
                       !(da_site_within(x->sites, f->site, key.site) ||
                         da_site_within(x->sites, key.site, f->site))) {
                several = true;
            } else if (da_site_within(x->sites, f->site, key.site)) {
                key = (da_site_key){f->site, side ? side : key.side}; /* the narrower */
            }
        }
        if (several || key.site < 0)
            continue;
        bool known = false;
        for (int k = 0; k < n && !known; k++)
            known = (key.side == keys[k].side || !key.side || !keys[k].side) &&
                    (da_site_within(x->sites, key.site, keys[k].site) ||
                     da_site_within(x->sites, keys[k].site, key.site));
        if (!known && n < SITE_LESIONS_MAX)
            keys[n++] = key;
    }
    return n >= 2 ? n : 0;
}

da_error da_extract_note(da_extractor *x, const char *text, size_t len, const char *note_type,
                         da_fact_list *out)
{
    x->out = out;
    start_reading(x);
    if (len == 0)
        return DA_OK;
    /* One linear check per note instead of PCRE2's check on every call:
     * matching with PCRE2_NO_UTF_CHECK on invalid UTF-8 is undefined. */
    if (!da_utf8_valid(text, len))
        return DA_ERR_FORMAT;
    unsigned gates = note_scan(x, text, len);
    da_error err = da_sections_find(&x->sectioner, &x->rx, text, len, note_type, &x->sections);
    if (err == DA_OK)
        err = da_segments_find(&x->segmenter, &x->rx, &x->pat[PAT_SITE], text, len,
                               &x->sections, &x->segments);
    out->nlesions = x->segments.nlesions;
    /* a handout or consent form, typed so, documents nothing done; nor
     * does one pasted in as a note of its own */
    if (err == DA_OK && ((x->sections.count == 1 && quiet_section(x, 0)) ||
                         reader_document(text, len)))
        return DA_OK;
    if (err == DA_OK)
        err = read_segments(x, text, len, gates);
    /* a note no label or list divides, whose procedures name places apart,
     * is read again cut by those places */
    da_site_key keys[SITE_LESIONS_MAX];
    int nkeys = err == DA_OK && x->segments.nlesions == 0 ? procedure_sites(x, text, len, keys) : 0;
    if (nkeys > 0) {
        start_reading(x);
        err = da_segments_by_sites(&x->rx, &x->pat[PAT_SITE], x->sites, text, len, &x->sections,
                                   keys, nkeys, &x->segments);
        out->nlesions = x->segments.nlesions;
        if (err == DA_OK)
            err = read_segments(x, text, len, gates);
    }
    finish_note(x, text, len);
    out->limit_hit = x->rx.limit_hit;
    return err;
}

size_t da_extract_scan(da_extractor *x, const char *text, size_t len)
{
    static const enum pattern scanned[] = {PAT_SITE, PAT_TERMS, PAT_TERMS2, PAT_DRUG, PAT_AREA,
                                           PAT_MOHS};
    size_t matches = 0;
    x->rx.bare = true; /* the floor is PCRE2's own search */
    x->counts_stopped = false;
    da_facts_clear(&x->scan_list);
    x->out = &x->scan_list;
    (void)note_scan(x, text, len);
    count_scan cs;
    count_scan_init(x, &cs);
    size_t alt;
    for (size_t from = 0; count_next(x, &cs, text, from, len, &alt) == DA_RX_FOUND;
         from = match_next_from(pcre2_get_ovector_pointer(x->count_md[alt]), text, len))
        matches++;
    for (size_t p = 0; p < COUNT_OF(scanned); p++) {
        size_t from = 0;
        while (match(x, scanned[p], text, from, len) == DA_RX_FOUND) {
            matches++;
            from = next_from(x, text, len);
        }
    }
    x->rx.bare = false;
    return matches;
}

/* ---- the --facts CSV -------------------------------------------------- */

void da_facts_write_csv_header(FILE *out)
{
    fputs("note_id,encounter_id,lesion,fact,value,unit,start,end,text,role\n", out);
}

static const char *side_name(double side)
{
    switch ((da_laterality)side) {
    case DA_SIDE_RIGHT: return "right ";
    case DA_SIDE_LEFT: return "left ";
    case DA_SIDE_BILATERAL: return "bilateral ";
    case DA_SIDE_NONE: break;
    }
    return "";
}

/* The value column of a fact (names for enumerated kinds) and its unit. */
static const char *fact_value(const da_extractor *x, const da_fact *f, char *out, size_t size)
{
    const char *name = da_fact_value_name(f->kind, (int)f->value);
    const char *name2 = da_fact_value2_name(f->kind, (int)f->value2);
    if (f->kind == DA_FACT_PROCEDURE && f->value != DA_PROC_DESTRUCTION)
        name2 = NULL; /* the method applies to destruction only */
    switch (f->kind) {
    case DA_FACT_SITE: {
        const da_site *site = da_site_get(x->sites, f->site);
        snprintf(out, size, "%s%s", side_name(f->value2), site ? site->name : "");
        return "";
    }
    case DA_FACT_SIZE: case DA_FACT_MARGIN: case DA_FACT_EXCISED_DIAMETER:
    case DA_FACT_DEFECT_SIZE: case DA_FACT_REPAIR_LENGTH: case DA_FACT_PATH_SIZE:
    case DA_FACT_MEASURE:
        snprintf(out, size, "%g", f->value);
        return "cm";
    case DA_FACT_FLAP_AREA:
        snprintf(out, size, "%g", f->value);
        return "sq cm";
    case DA_FACT_MOHS_STAGE: case DA_FACT_MOHS_STAGE_COUNT:
        snprintf(out, size, "%d", (int)f->value);
        return "stage";
    case DA_FACT_MOHS_BLOCKS:
        snprintf(out, size, "%d", (int)f->value);
        return "blocks";
    case DA_FACT_DRUG:
    case DA_FACT_DRUG_WASTE: {
        const da_drug *d = da_drug_get(x->drugs, f->ref);
        snprintf(out, size, "%s %g", d ? d->generic : "?", f->value);
        return "mg";
    }
    case DA_FACT_TOTAL_TIME:
        snprintf(out, size, "%g", f->value);
        return "min";
    case DA_FACT_READING:
        snprintf(out, size, "%s", name ? name : "?");
        if (f->value == DA_GAP_COUNT)
            snprintf(out, size, "count: the note states %g", f->value2);
        return "";
    case DA_FACT_PROCEDURE_COUNT:
        snprintf(out, size, "%g %s", f->value, name2 ? name2 : "");
        return "";
    case DA_FACT_SERVICE: {
        const da_service_row *row = da_extractor_service(x, (int)f->value);
        snprintf(out, size, "%s (%s)", row ? row->name : "?", row ? row->codes : "?");
        return "";
    }
    case DA_FACT_LESION_COUNT:
        snprintf(out, size, "%g %s", f->value, name2 ? name2 : "");
        return "lesions";
    case DA_FACT_LESIONS_INJECTED:
        snprintf(out, size, "%g", f->value);
        return "lesions";
    case DA_FACT_SPECIMEN_COUNT:
        snprintf(out, size, "%g", f->value);
        return "specimens";
    case DA_FACT_SPECIMEN:
        snprintf(out, size, "%c %s", f->value > 0 ? 'A' + (int)f->value - 1 : '-', name2 ? name2 : "");
        return "";
    case DA_FACT_PATH_DIAGNOSIS:
    case DA_FACT_STAIN:
        if (f->value2 > 0)
            snprintf(out, size, "%s (specimen %c)", name ? name : "?", 'A' + (int)f->value2 - 1);
        else
            snprintf(out, size, "%s", name ? name : "?");
        return "";
    default:
        if (name && name2)
            snprintf(out, size, "%s %s", name, name2);
        else if (name)
            snprintf(out, size, "%s", name);
        else
            snprintf(out, size, "%g", f->value);
        return "";
    }
}

/* Kinds whose value is a length and whose value2 is its role. */
static bool length_fact(da_fact_kind k)
{
    return k == DA_FACT_SIZE || k == DA_FACT_MARGIN || k == DA_FACT_EXCISED_DIAMETER ||
           k == DA_FACT_DEFECT_SIZE || k == DA_FACT_REPAIR_LENGTH || k == DA_FACT_PATH_SIZE ||
           k == DA_FACT_MEASURE;
}

void da_facts_write_csv(const da_extractor *x, FILE *out, const char *note_id, const char *encounter_id,
                        const char *text, size_t text_len, const da_fact_list *facts)
{
    char *span = NULL;
    size_t span_cap = 0;
    for (size_t i = 0; i < facts->count; i++) {
        const da_fact *f = &facts->items[i];
        da_csv_put(out, note_id);
        fputc(',', out);
        da_csv_put(out, encounter_id);
        fprintf(out, ",%d,%s,", f->lesion, da_fact_kind_name(f->kind));
        /* The value cell: the longest the built-in tables give is a
         * service's name and codes (70 bytes); 160 leaves room for a
         * longer row rather than cut it. */
        enum { FACT_VALUE_CHARS = 160 };
        char value[FACT_VALUE_CHARS];
        const char *unit = fact_value(x, f, value, sizeof(value));
        da_csv_put(out, value);
        size_t s = f->start < text_len ? f->start : text_len;
        size_t e = f->end < text_len ? f->end : text_len;
        if (e < s)
            e = s;
        da_grow((void **)&span, &span_cap, e - s + 1, 1);
        for (size_t k = s; k < e; k++)
            span[k - s] = text[k] == '\n' || text[k] == '\r' ? ' ' : text[k];
        span[e - s] = '\0';
        fprintf(out, ",%s,%zu,%zu,", unit, f->start, f->end);
        da_csv_put(out, span);
        fprintf(out, ",%s\n", length_fact(f->kind) ? da_role_name((da_role)(int)f->value2) : "");
    }
    free(span);
}
