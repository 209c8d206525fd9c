"""What a sentence does: the acts the analysis pass reads (:mod:`coach.practice.analysis`).

Each :class:`Act` is recognised by word patterns, so every verdict built on it can quote the
sentence. A sentence may do several things at once ("So you're stuck on billing, right?" is a
restatement and a question). The patterns are here, once; the detectors and the practice
prospect read the acts, never the patterns.

Core: imports only :mod:`coach.practice.phrases` and :mod:`coach.practice.timespec`.
"""

from __future__ import annotations

import re
from enum import StrEnum

from coach.practice import timespec
from coach.practice.phrases import is_question, tag_question


def rx(*patterns: str) -> re.Pattern[str]:
    """One case-blind pattern from alternatives."""
    return re.compile("|".join(patterns), re.IGNORECASE)


class Act(StrEnum):
    """What one sentence does in the conversation."""

    QUESTION = "question"  # asks something: word order, a question mark, "I was wondering if"
    YES_NO = "yes_no"  # ... and can be answered yes or no
    CHECK = "check"  # asks whether the speaker understood the other right, or missed anything
    NEXT_STEP = "next_step"  # talks of interest, moving forward or a next step
    INVITE = "invite"  # asks the other to take a next step or proceed
    ASSUMES = "assumes"  # takes the yes for granted: "when should we start the pilot?"
    SOUNDS = "sounds"  # "how does that sound?" / "does that work for you?"
    PROPOSAL = "proposal"  # offers a step: "I could set up a demo"
    ACCEPT = "accept"  # yes, that works
    REFUSE = "refuse"  # declines, defers or cannot
    CANNOT = "cannot"  # plainly can't make it: "I can't do Thursday", "that doesn't work"
    HEDGE = "hedge"  # neither yes nor no: "maybe", "we'll see", "let's see", "I'll try"
    OTHER_EVENT = "other_event"  # a time for something else: "the partners meet Thursday at 2"
    FAILED = "failed"  # reports a booking failed or cancelled
    ASKS_CONFIRM = "asks_confirm"  # a statement asking for a yes: "Please confirm: ..."
    WITHDRAW = "withdraw"  # retreats from a time: "I'll send you some times"
    RESTATE = "restate"  # attributes words to the other: "you mentioned", "to sum up"
    ABOUT_THEM = "about_them"  # speaks of the other ("you", "so your ...")
    CLAIM = "claim"  # about the speaker's own product or offer, its cost or return
    OPENER = "opener"  # greeting or reason for calling: "I'm reaching out because ..."
    GIVES_REASON = "gives_reason"  # frames why they called: "about", "because", "voicemail"
    DEFER = "defer"  # puts the live caller off to a later call
    LATER_CALL = "later_call"  # offers to talk later (a put-off only as the rep's first answer)
    EXCUSE = "excuse"  # why the speaker can't deal with it now: "my system's down", "up a ladder"
    INSIST = "insist"  # wants it now: "I'd rather do it now"
    ASK_WHO = "ask_who"  # asks who is calling, the surname or the company
    REQUEST = "request"  # asks for something in the imperative: "tell me…", "spell that…"
    SELF_ID = (
        "self_id"  # names themselves in full, or with their company: "Raj at Sunrise Pharmacy"
    )
    ASK_EMAIL = "ask_email"  # offers to e-mail, or asks for the address
    GOODBYE = "goodbye"
    DAY = "day"  # names a day ("Thursday", "the 14th", "tomorrow")
    CLOCK = "clock"  # names a clock time
    TAG = "tag"  # a statement handed over for a yes: "…, yeah?" / "…, right?"
    VAGUE_TIME = "vague_time"  # names a time too loosely to book ("next week")


_SECOND_PERSON = rx(r"\b(?:you|your|you're|you've|you'd|yours|y'all|youre)\b")
_RECAP_MARKER = rx(
    r"\b(?:recap|sum(?:mari[sz]e|\s+(?:it\s+)?up|ming\s+up)|summary|(?<![\w\s])\s*to\s+review\b|"
    r"to\s+review\s*[,:]|"
    r"what\s+i(?:'m|\s+am|'ve|\s+have)?\s+(?:heard|hearing|took\s+away|taking\s+away|got|getting|"
    r"understood|gathered|picked\s+up|learned|noted)|if\s+i(?:'ve|\s+have)?\s+(?:understood|heard|got|"
    r"understand)|(?:it\s+)?(?:sounds|seems)\s+like\s+(?!a\s+(?:plan|deal)\b)|"
    r"(?:those|these)\s+are\s+the\s+(?:big|main|key|top|real)|that'?s\s+the\s+(?:core|crux|gist|heart)|"
    r"(?:let\s+me|lemme)\s+(?:just\s+)?(?:play|read|make\s+sure|repeat|check|run)|"
    r"play\s+(?:that|it|this)\s+back|(?:if\s+)?i'?m\s+hearing\s+you\s+right|the\s+way\s+i\s+see\s+it|"
    r"for\s+you\s+it'?s|on\s+your\s+(?:side|end)|two\s+things\s+jump(?:ed|ing)?\s+out|"
    r"(?:the|your)\s+(?:main|big|key|biggest|top)\s+(?:things?|issues?|problems?|concerns?|"
    r"pain|challenges?)|you\s+(?:mentioned|said|told|described|explained|raised|flagged|noted|"
    r"shared|brought\s+up|talked\s+about|were\s+saying|walked\s+me))\b"
)
_STRONG_RECAP = rx(
    r"\byou\s+(?:mentioned|said|told|described|explained|raised|flagged|noted|shared|"
    r"brought\s+up|talked\s+about|were\s+saying)\b"
)
_PITCH = rx(
    r"\bour\s+(?!call|conversation|chat|meeting|discussion|talk|time|last|first)\w+",
    r"\bwe(?:'ll|'d|'ve\s+(?:built|got|made)|\s+(?!talked|discussed|covered|spoke|heard|went|"
    r"looked|agreed|just|both|all|were|are\s+(?:talking|on)|should|need|wrap|hang|finish|end|"
    r"go|run|jump|close|have|get\s+off)\w+)",
    r"\b(?:it|that|this|the\s+(?:tool|platform|product|software|system|app|module))\s+"
    r"(?:can|will|would|does|gives|lets|handles|automates|routes|syncs|cuts|fixes|solves|"
    r"takes\s+care|flags|sends|pulls|pushes|plugs)\b",
    r"\bthe\s+(?:[\w-]+\s+){0,2}(?:units?|system|scheduler|model|playbooks?|module|engine|portal|"
    r"app|dashboards?|tool|platform|software|sensors?|bot|integration|features?|workflows?|"
    r"automation|scrubber|kiosks?|reminders?)\s+(?:shows?|settles?|blocks?|automates?|flags?|"
    r"routes?|syncs?|tracks?|handles?|sends?|gives?|lets?|alerts?|catches?|prevents?|fixes?|"
    r"cuts?|matches?|pulls?|pushes?|rolls?|will|can|is\s+trained)\b",
    r"\bautomat(?:e|es|ed|ically|ion)\b",
    # What the product does, whatever the verb: "the scheduler balances hours", "with the
    # change order module, every change gets logged".
    r"\b(?:the|our|this)\s+(?:[\w-]+\s+){0,2}(?:module|scheduler|app|portal|platform|tool|software|"
    r"dashboard|engine|bot|integration|feature|sensors?|scrubber)\s+(?:\w+ly\s+)?[a-z]+s\b",
    r"\bwith\s+(?:the|our|this)\s+(?:[\w-]+\s+){0,2}(?:module|scheduler|app|portal|platform|tool|"
    r"software|dashboard|engine|bot|integration|feature|sensors?|scrubber)\b",
    r"\bwith\s+(?:us|our)\b",
    # A product by name, and what it would do: "With Proofline, approvals happen in one
    # place", "once you're on PorterLink, nurses won't be chasing".
    r"^\W*(?:(?:so|and|ok(?:ay)?)\W+)*(?:with|once\s+you'?re\s+(?:on|using)|once\s+you\s+have|using)\s+"
    r"(?:the\s+)?(?-i:[A-Z])[\w-]+",
    r"\byou'?d\s+(?:cut|eliminate|reduce|drop|free\s+up|gain|avoid|stop|win|recover|get\s+back)\b",
    r"\b(?:cut|cuts|drop|drops|reduce|reduces|bump|bumps|boost|boosts)\s+[\w\s]{0,30}?\bby\s+(?:about\s+|around\s+|"
    r"roughly\s+|up\s+to\s+)?(?:a\s+third|half|a\s+quarter|\d+|ten|twenty|thirty|forty|fifty)\b",
    r"\b(?:for|at)\s+(?:an?\s+)?[\w-]+\s+(?:your|of\s+your)\s+size\b",
    r"\b(?:from|at)\s+the\s+(?:sites|shops|clients|customers|firms)\s+we'?ve\s+(?:done|worked\s+with)\b",
    r"\bconservatively\b",
    # Someone else's story: "I had a studio in Portland, exactly this", "one of our clients".
    r"\bi\s+had\s+an?\s+(?:client|customer|studio|shop|firm|practice|company|agency|clinic|guy|store)\b",
    r"\b(?:one\s+of\s+our|another)\s+(?:clients|customers|client|customer)\b",
    r"\bwe(?:'re|\s+are)\s+(?:also\s+|now\s+)?(?:rolling|offering|launching|releasing|building|adding|"
    r"introducing|running|giving|providing|including|bundling)\b",
    r"\b(?:i'?ll|let'?s|i\s+will|i\s+can|i'?d\s+like)\b",
    # What the product would do for them, and what it costs or returns.
    r"\byou(?:'ll|\s+will|\s+could|'d\s+(?:break|save|see|get|make)|"
    r"\s+(?:get|save|see)\s+(?:up\s+to|even|about|around|\d))\b",
    r"\b(?:roi|we\s+estimate|typically|break\s+even|refund|deposit|warranty|dashboard|"
    r"as\s+you\s+can\s+see)\b",
    r"\b\d+\s*(?:-\s*\d+\s*)?(?:%|percent)\s+(?:improvement|increase|reduction|faster|"
    r"fewer|lift|boost|gain|savings?|better)\b",
    r"\b(?:helps?|lets?|allows?|enables?)\s+(?:you|your)\b",
)
#: The rep offering or enthusing ("I'd be happy to…", "I'm excited to help your…").
_OFFER = rx(
    r"\b(?:i'?d\s+be\s+(?:happy|glad|delighted)|i'?m\s+(?:excited|happy|glad|looking\s+forward|"
    r"here\s+to\s+help)|i'?ve\s+brought|this\s+(?:includes|allows|means\s+you)|it\s+helps|"
    r"you\s+can\s+(?:see|easily|also|monitor|track|view|assign)|take\s+one\s+of\s+your)\b"
)
#: The rep's opening or reason for calling, however many of their words it shares.
_OPENER = rx(
    r"\b(?:reaching\s+out|i\s+noticed|i\s+saw\s+(?:that|your)|i\s+read\s+(?:that|about)|"
    r"came\s+across|the\s+reason\s+i'?m\s+calling|calling\s+because|hope\s+i'?m\s+not|"
    r"thanks?\s+(?:you\s+)?for\s+(?:agreeing|meeting|having|taking)|i\s+understand\s+"
    r"you(?:'ve|\s+have)?\s+been\s+(?:looking|considering|thinking|interested))\b"
)
_SO_START = rx(
    r"^(?:(?:um+|uh+|er+|ok(?:ay)?|right|alright|great|got\s+it|yeah|yes|sure|and|well)[,.]?\s*)*"
    r"so\b(?!\s+(?:we|our|i|let'?s)\b)"
)
_CLAUSE = re.compile(
    r"\s*(?:[,;:—–]|\s-\s|\band\b|\bbut\b|\bplus\b|\bwhich\b|\bso\b|\bbecause\b|\bcause\b)\s*",
    re.I,
)

_CHECK = rx(
    r"\bam\s+i\s+(?:in\s+the\s+ballpark|warm|way\s+off|wrong)\b",
    r"\b(?:anything|something)\s+(?:else\s+)?(?:that\s+)?i'?m\s+(?:missing|leaving\s+out|forgetting|"
    r"getting\s+wrong)\b",
    r"\b(?:anything|something)\s+(?:about\s+[\w\s'-]{1,40}?\s+)?(?:that\s+)?i\s+should\s+"
    r"(?:know|be\s+aware|have\s+asked|ask)\b",
    r"\bis\s+(?:there\s+)?(?:more\s+to\s+it|that\s+the\s+whole\s+(?:story|picture|thing))\b",
    r"\bthat\s+about\s+right\b",
    r"^\W*(?:anything|something)\s+(?:else\s+)?missing\b",
    r"\b(?:have|did)\s+i\s+(?:understood|understand|read|got|get)\s+(?:it|that|this|you)\s+(?:right|correctly)\b",
    r"\bam\s+i\s+(?:understanding|reading|hearing)\s+(?:it|that|this|you)\s+(?:right|correctly)\b",
    r"\b(?:anything|something)\s+(?:else\s+)?(?:going\s+on\s+)?(?:that\s+)?i\s+(?:haven'?t|didn'?t)\s+"
    r"(?:asked|covered|caught|heard)\b",
    # The rep's understanding of them, put as a question: "I understand you're looking to…?"
    r"^\W*(?:(?:so|and|ok(?:ay)?|now)\W+)?(?:i\s+understand|i\s+gather|i\s+hear|i'?m\s+told|"
    r"i\s+believe|my\s+understanding\s+is|(?:from\s+)?what\s+i\s+(?:understand|gather))\s+"
    r"(?:that\s+|is\s+that\s+)?(?:you|your)\b[^?]*\?\s*$",
    r"\b(?:did|have)\s+i\s+(?:get|got|capture|captured|miss|missed|understand|understood|hear|"
    r"heard|leave|left|forget|forgot|nail|sum)\b",
    r"\bam\s+i\s+(?:missing|leaving|forgetting|right|close|on\s+(?:the\s+right\s+)?track|off)\b",
    r"\b(?:is|was)\s+(?:that|this|it)\s+(?:right|correct|accurate|fair|about\s+right|it|a\s+fair|"
    r"the\s+(?:gist|picture))\b",
    r"\bdoes\s+(?:that|this|it)\s+(?:sound|capture|cover|match|reflect|sum|line\s+up|feel)\b",
    r"\bwhat\s+(?:did|have)\s+i\s+(?:miss|missed|get\s+wrong|got\s+wrong|leave\s+out|left\s+out)",
    r"\b(?:anything|something)\s+(?:else|i(?:'ve|\s+have)?\s+(?:missed|left\s+out|forgot(?:ten)?|"
    r"got\s+wrong|misunderstood|didn'?t\s+(?:catch|get|cover|mention|hear|understand)|"
    r"should\s+(?:know|add|be\s+aware))|(?:that\s+)?i\s+(?:haven'?t|didn'?t|don'?t)\s+"
    r"(?:understood|understand|got|get|covered|caught|capture|heard))\b",
    r"\bis\s+(?:that|this|there)\s+(?:everything|all|about\s+it|it|how\s+you'?d|what\s+you|"
    r"anything)\b",
    r"\bwhat\s+else\s+(?:should|do|did|have|am|would|could|can)\s+(?:i|we)\b",
    r"\bwhat\s+else\s+is\s+(?:on\s+your|there|going)\b",
    r"(?:^|\b(?:is\s+)?that)\s*(?:right|correct|fair|accurate)\s*[?.]?\s*$",
    r"^\s*(?:fair|right|correct|yes|no)\s*\?\s*$",
    r"\b(?:did|do|have)\s+i\s+(?:have|got)\s+(?:it|that|everything|this)\b",
    r"\bwould\s+you\s+(?:add|change|correct)\b",
    r"\bfair\s+(?:summary|to\s+say|recap)\b",
    r"\b(?:right|correct)\s*\?\s*$",
)
#: Checks that need no question mark: "tell me if I've got that wrong", "correct me if…", and
#: the bare elliptical ask of unpunctuated speech ("anything i'm missing").
_CHECK_ANY = rx(
    r"\b(?:tell|let)\s+me\s+(?:know\s+)?if\s+i(?:'ve|\s+have)?\s+(?:got|get|gotten|missed|"
    r"misunderstood|left|misread)\b",
    r"\b(?:correct|stop)\s+me\s+if\b",
    r"^\W*(?:(?:and|so|or|ok(?:ay)?)\W+)*(?:anything|something|what)\s+(?:else\s+)?(?:that\s+)?"
    r"(?:i'?m|i\s+am|i'?ve|i\s+have|i)\s+(?:missing|missed|leaving\s+out|left\s+out|forgetting|"
    r"forgot|got\s+wrong|getting\s+wrong|should\s+(?:know|have\s+asked))\b",
    r"^\W*(?:(?:and|so|or|ok(?:ay)?)\W+)*am\s+i\s+(?:in\s+the\s+ballpark|close|right|off|way\s+off|"
    r"missing|on\s+track|warm)\b",
)
#: The last words of a sentence, when they are put as a question: speech-to-text drops the
#: question mark of "…, did i get that right" and "…, is that fair".
_CHECK_TAIL = rx(
    r"(?:^|[,;:—–-]\s*|\b(?=(?:did|have|am|is|was|does)\s+(?:i|that|this|it|there)\b))"
    r"(?:(?:right|ok|so|and|or|yeah)\W+)*(?:(?:did|have|am|is|was|does|do)\s+(?:i|that|this|it|there)|"
    r"(?:anything|something)|that\s+about)\b[^,.;?!]{0,50}[?.!]*\s*$",
)
_CHECK_NOT = rx(
    r"\b(?:anything|something)\s+else\s+(?:i|we)\s+(?:can|could|should)\s+"
    r"(?:send|do|get|help|bring|share|pass|put)",
    r"\banything\s+else\s+(?:for\s+(?:you|today)|you\s+need)",
    # Asking whether a proposal suits them, or for their questions, is not checking the
    # rep understood them.
    r"\bhow\s+(?:does|would)\s+(?:that|this|it)\s+sound\b",
    r"\b(?:anything|something)\s+(?:else\s+|specific\s+)?you'?d\s+like\s+to\s+(?:know|ask)\b",
    r"\bany\s+(?:other\s+|more\s+|final\s+)?questions\b",
)
_INTEREST_WORDS = rx(
    r"\bopen\s+to\b",
    r"\binterest(?:ed|ing)?\b",
    r"\b(?:want|like|keen|ready|happy|willing)\s+to\s+(?:move|go|keep|proceed|explore|continue|"
    r"take|try|pursue|look|dig|start|pilot|test|see)\b",
    r"\bmov(?:e|ing)\s+(?:forward|ahead)\b",
    r"\bnext\s+steps?\b",
    r"\bkeep\s+(?:going|talking|the\s+conversation)\b",
    r"\bworth\s+(?:us\s+|me\s+)?(?:doing|getting|putting|trying|running|setting|bringing|having|showing|"
    r"coming|taking|looping|walking|"
    r"booking|scheduling|starting|testing|piloting|sending|pulling)\b",
    r"\bworth\s+(?:it|pursuing|exploring|a\s+(?:second|follow|further|closer|deeper|look|shot|"
    r"try|pilot|conversation)|another|taking|continuing|your\s+time|looking)\b",
    r"\bmake\s+sense\s+(?:to|for)\b",
    r"\b(?:something|anything)\s+you(?:'d|\s+would)\s+(?:want|like|be\s+up\s+for)\b",
    r"\b(?:explore|pursue)\b",
    r"\bon\s+board\b",
    r"\b(?:good|right)\s+fit\b",
    r"\bappetite\b",
    r"\b(?:take|taking)\s+(?:this|it|things)\s+(?:further|forward)\b",
    r"\bup\s+for\b",
    r"\bshould\s+we\s+(?:keep|continue|go|take)\b",
    r"\bhow\s+(?:would|do)\s+you\s+feel\s+about\b",
    r"\bwhat\s+do\s+you\s+think\s+about\s+(?:a|an|doing|setting|moving|taking|trying|running)\b",
    r"\bwould\s+you\s+like\s+(?:me|us)\s+to\s+(?:put\s+together|set\s+up|draft|prepare|build|"
    r"arrange|scope|write\s+up|start)\b",
    r"\b(?:would|do|are|will)\s+you\s+(?:want|like|fancy|be\s+up\s+for|be\s+keen\s+on|"
    r"be\s+game\s+for|consider)\s+(?:to\s+(?:try|do|run|set\s+up|start|see)\s+)?"
    r"(?:a|an|the|us|doing|running|trying)?\s*(?:pilot|trial|proof|demo|proposal|second|"
    r"follow|deeper|closer)",
)
#: The next step offered as a question, in the many ways reps ask it.
_INVITE = rx(
    r"\b(?:shall|should|can|could)\s+(?:we|i)\s+(?:just\s+)?(?:schedule|set\s+(?:up|something)|"
    r"book|arrange|get\s+(?:you|the|a|something)|go\s+ahead|start|send|put\s+together|"
    r"prepare|bring|loop\s+in|head\s+back|draw\s+up|lock)\b",
    r"\bwhy\s+don'?t\s+(?:we|i)\b",
    r"\bwould\s+it\s+be\s+worth\b",
    r"^\W*(?:(?:so|ok(?:ay)?|and|um|uh)\W+)*(?:do\s+you\s+)?(?:want|wanna)\s+(?:to\s+)?(?:try|see|give|"
    r"start|test|pilot|book|schedule|move)\b",
    r"\b(?:do\s+you\s+want|want)\s+(?:me|us)\s+to\s+(?:send|put\s+together|set|book|schedule|shop|"
    r"draft|prepare|get|run|quote|price|arrange|line\s+up|reach\s+out|call|email|loop|bring|start|"
    r"write|pull\s+together|look\s+into|check|go\s+ahead)\b",
    r"\bhow\s+(?:does|would)\s+(?:a|an|the|some)\s+[^?]{0,40}\b(?:pilot|trial|demo|proposal|"
    r"quote|call|meeting|walk-?through|visit|session|consult\w*)\s+sound\b",
    r"\bwould\s+it\s+(?:help|be\s+(?:helpful|useful|worth)|make\s+sense)\s+(?:if|to)\b",
    r"\bwhat\s+if\s+(?:we|i)\s+(?!told|said)\w+",
    r"\bhow\s+about\s+(?:i|we)\b",
    r"\bdo\s+you\s+want\s+(?:to|me\s+to|us\s+to)\s+(?:schedule|set|book|go|get|start|try|"
    r"see|move|have|arrange|line)\b",
    r"\bwould\s+you\s+like\s+(?:me|us)\s+to\b",
)
#: What a next step is made of: a demo, a pilot, a quote, a call; getting started.
_NEXT_THING = rx(
    r"\b(?:demo(?:nstration)?s?|pilot|trial|proposal|quote|estimate|contract|paperwork|agreement|"
    r"deal|meeting|call|session|walk-?through|visit|survey|assessment|audit|install(?:ation)?|"
    r"consult(?:ation)?s?|workshop|(?:second|follow-?up|another)\s+conversation|onboarding|started|go\s+(?:ahead\s+with|forward)|give\s+it\s+a\s+go|get\s+going|next\s+steps?|"
    r"look|try|test|sign|order|book|schedule|set\s+(?:\w+\s+)?(?:up|something)|arrange|send|sending|forward|"
    r"proceed|plan|reconnect|follow[-\s]?up|"
    r"get\s+together|sit\s+down|loop|bring|introduce|intro|connect|run|spin)\b"
)
#: Putting a decision to them: "would you…", "should we…", "want me to…", "any objection…".
_DECISION = rx(
    r"\b(?:(?:would|could|can|should|shall|will)\s+(?:we|i|us)|(?:would|will)\s+you)\b"
    r"(?!\s+(?:ask|say|describe|rate|call\s+(?:it|that|this)|be\s+(?:worried|surprised)))",
    r"\b(?:do|would)\s+you\s+(?:want|like|think|fancy|mind)\b",
    r"^\W*(?:so\W+|ok(?:ay)?\W+)?want\s+(?:me|us|to)\b",
    r"\bare\s+you\s+(?:ready|open|willing|happy|keen|up\s+for|comfortable|game)\b",
    r"\b(?:any|an)\s+objections?\b",
    r"\bwould\s+it\s+be\s+\w+\s+(?:to|if)\b",
    r"\bsomething\s+(?:you|your\s+(?:\w+\s+){0,1}\w+|the\s+team)\s*(?:would|'d|might|could)\b",
    r"\bwhat\s+would\s+you\s+say\s+to\b",
    r"\bwhat\s+do\s+you\s+think\b.{0,20}\b(?:should|shall|can|could)\s+(?:we|i)\b",
    r"\bdo\s+we\s+have\s+a\s+deal\b",
    r"^\W*(?:(?:so|ok(?:ay)?|and|um|uh)\W+)*(?:do\s+you\s+)?(?:want|wanna)\s+(?:me|us)\s+to\b",
    r"\blet'?s\s+(?:reconnect|regroup|talk|meet|catch\s+up|chat|schedule|set\s+up\s+(?:a|an|the|some)|"
    r"book\s+(?:a|an|the|some)|plan|find\s+a\s+time)\b[^?]*\?\s*$",
    r"\bwould\s+(?:a|an|the|some)\s+[^?]{0,60}\b(?:help|helpful|useful|valuable|worth\s+it|"
    r"make\s+sense)\b",
)
#: An offer left for them to take up: "happy to set up a demo if you'd like to see it".
_OFFERING = rx(r"\b(?:happy|glad|delighted|love)\s+to\b", r"\b(?:i|we)\s+(?:can|could)\b")
_IF_YOU_LIKE = rx(
    r"\bif\s+you(?:'d|\s+would)\s+(?:like|want)\b",
    r"\bif\s+you(?:'re|\s+are)\s+(?:interested|keen|open|up\s+for)\b",
)
_ASSUMES = rx(r"^\W*(?:so\W+|ok(?:ay)?\W+|great\W+)?(?:when|what\s+time|where|which\s+day)\b")
_INTEREST = re.compile(f"{_INTEREST_WORDS.pattern}|{_INVITE.pattern}", re.IGNORECASE)
#: A question about interest that is not an invitation: "what sparked your interest?".
_INTEREST_NOT = rx(
    r"\bwhat\s+(?:got|made|gets|makes|brought|brings|led)\s+you\b",
    r"\b(?:most|more|particularly|especially)\s+interested\s+in\b",
    r"\bgo\s+ahead\s+and\s+(?:tell|walk|share|explain|describe|show|talk|give)\b",
    r"\b(?:want|like)\s+to\s+go\s+(?:first|next)\b",
    r"\b(?:sparked|got|piqued|caught|drew|draws)\s+(?:your\s+)?interest\b",
    r"\bwhat\s+(?:interests|interested)\s+you\b",
    r"\binterest(?:ed)?\s+in\s+(?:our|the)\s+(?:webinar|newsletter|article|post|blog|ebook|guide)\b",
)
#: "How does that sound?" / "Does that work for you?": an invitation once a step is proposed.
_SOUND = rx(
    r"\bhow\s+(?:does|would)\s+(?:that|this)\s+sound\b", r"\bdoes\s+that\s+work\s+for\s+you\b"
)
_PROPOSES = rx(
    r"\b(?:we\s+could|we\s+can|i\s+could|i\s+can|i'?d\s+suggest|i\s+suggest|i\s+propose|let'?s|"
    r"how\s+about|what\s+if|why\s+don'?t|we'?ll|i'?ll)\b.*\b(?:pilot|trial|demo|meeting|call|"
    r"proposal|quote|session|walkthrough|visit|survey|install|set\s+up|schedule|start|send)"
)
_WHO = rx(
    r"\bwho\s+(?:am\s+i|is\s+this|'s\s+this|is\s+calling|'s\s+calling|do\s+i\s+have|are\s+you\s+with)",
    r"\bwho(?:'s|\s+is)\s+(?:this|calling|speaking)",
    r"\b(?:which|what)\s+(?:company|organi[sz]ation|firm|business|practice|clinic|office|"
    r"location|team|store|branch|site)\b",
    r"\bwhere\s+(?:are\s+you|you're)\s+(?:calling\s+)?(?:from|with|based)\b",
    r"\b(?:your|the)\s+(?:last\s+name|surname|full\s+name|family\s+name|company|"
    r"company\s+name|business\s+name|organi[sz]ation)\b",
    r"\bremind\s+me\s+(?:who|which|of\s+your|where|what)\b",
    r"\byou(?:'re|\s+are)\s+with\s*\?",
    r"\bwho\s+do\s+you\s+work\s+(?:for|with)\b",
    r"\bspell\s+(?:your|the|that)\b",
    r"\bwhat\s+was\s+your\s+(?:name|last\s+name)",
    r"\bmay\s+i\s+(?:ask|know)\s+who\b",
    r"\b(?:and|so)\s+you\s+are\s*\?",
    r"\bwhat(?:'s|\s+is)\s+(?:your|the)\s+(?:name|last\s+name|surname|company)",
    r"\bwhich\s+\w+\s+(?:is\s+this|are\s+you)\b",
    r"\b(?:didn'?t|did\s+not)\s+(?:quite\s+)?(?:catch|get)\s+(?:your|the)\s+(?:name|surname|company)",
    r"\b(?:your|the)\s+(?:name|company)\s+again\b",
    r"\b(?:tell|give)\s+me\s+your\s+(?:name|last\s+name|surname|company)",
    r"\bwho\s+(?:are\s+you|i'?m\s+speaking|i\s+am\s+speaking|this\s+is|(?:i'?m|i\s+am)\s+talking)",
    r"\bhow\s+do\s+(?:you|i)\s+spell\b",
    r"\byou(?:'re|\s+are)\s+(?:with|from)\s*(?:\.\.\.|…)\s*\??",  # "And you're with...?"
    r"\b[A-Z]?[a-z]+\s+who\s*\?",  # "Sorry, Sofia who?"
    r"\byou(?:'re|\s+are)\s+(?:calling\s+)?(?:from|with)\s*\??\s*$",  # "And you're calling from?"
    r"\bfrom\s*(?:\.\.\.|…)\s*\??\s*$",  # "Mike from...?"
    r"^\W*(?:sorry\W+)?[A-Z][a-z]+\s*(?:\.\.\.|…)\s*\?\s*$",  # "Sorry, Mike... ?"
    r"^\W*(?:(?:sorry|and|ok(?:ay)?)\W+)*(?:your\s+)?(?:last\s+name|surname|full\s+name|"
    r"company(?:\s+name)?)\s*\?",  # "Last name?"
    r"\bis\s+(?:this|that|it)\s+[A-Z]?[a-z]+\s+(?:from|at|with)\s+.+\bor\b",  # A or B?
    r"\bwhich\s+(?:account|project|order|property|job|quote|contract|location|one\s+are\s+you)\b",
    r"\bwho\s+you\s+are\b",
    r"\bfrom\s+where\b",
    # "Ben who, sorry?" / "Raj what?"
    r"\b[A-Z][a-z'’-]+\s+(?:who|what)\s*(?:,\s*(?:sorry|again))?\s*\?",
    r"\bwhereabouts\b",
    r"\bwhat\s+(?:was|is|'s)\s+(?:the|your)\s+(?:name|company)\b",
)
#: Asks that speech-to-text leaves unpunctuated or cut off: "Mike who, we've got three Mikes",
#: "and you are", "and your last name", "sorry and this is—", "can i just get your—".
_WHO_ELLIPTICAL = re.compile(
    r"\b[A-Z][a-z'’-]+\s+(?:who|what)\b(?!\s+(?:is|are|was|were|has|had|do|does|did|can|will|would|"
    r"i|you|we|they|he|she|it|[a-z]+s)\b)(?!['’])"
    r"|(?i:\b(?:and|so|sorry|um|uh)\s+you\s+are\s*[?.…—-]*\s*$)"
    r"|(?i:\byou(?:'re|\s+are)\s+(?:with|from|calling\s+from)\s*[?.…—-]*\s*$)"
    r"|(?i:(?:^|\band\s+|\bsorry\W+)(?:your|the)\s+(?:last\s+name|surname|full\s+name|"
    r"company(?:'s)?(?:\s+name)?|business(?:\s+name)?)(?:\s+again)?(?:\W+(?:sorry|please|[A-Z]\w+))?"
    r"\s*[?.…—-]*\s*$)"
    r"|(?i:^\W*(?:(?:hi|hey|yeah|yes|um|uh|ok|sorry)\W+)*(?:last\s+name|surname|full\s+name)\b)"
    r"|(?i:\b(?:last\s+name|surname|full\s+name)\W+(?:sorry|please|again)\b)"
    r"|(?i:\b(?:this\s+is|get\s+your|you(?:'re|\s+are)\s+with)\s*(?:—|–|-|…|\.\.\.)\s*$)"
    r"|(?i:\bwho'?(?:ve|\s+have)\s+i\s+got\b)"
    r"|(?i:\bwhos\s+(?:this|calling|speaking)\b)"
    r"|(?i:\bwhat(?:'s|\s+is)\s+(?:the|your)\s+(?:business|practice|firm|clinic|shop|company|store|"
    r"restaurant|agency|office)(?:\s+(?:name|called))?\b)"
    r"|(?i:\b(?:could|can|may)\s+i\s+(?:just\s+)?(?:take|get|grab|have)\s+(?:your|the)\s+(?:full\s+|last\s+)?"
    r"(?:name|surname|company|business)\b)"
)
_MISSED = rx(r"\b(?:didn'?t|did\s+not)\s+(?:quite\s+)?(?:catch|get)\b")
_EMBEDDED_ASK = rx(
    r"\b(?:so|ok|okay|um|uh|well|yeah|right|then)\s+(?:would|could|can|should|shall|do|are|will)\s+"
    r"(?:you|we|i)\b(?![^?]*[.!]\s*\S)[^.!]*$"
)
_INTERROGATIVE = rx(r"\b(?:who|whom|where|which|what)\b")
_REQUEST = rx(r"^\W*(?:(?:sorry|so|and|ok(?:ay)?|please)\W+)*(?:tell|give|remind|spell|say)\b")
_REASON_FRAME = rx(
    r"\b(?:call(?:ed|ing)?|rang|ring|reach(?:ed|ing)?\s+out|voicemail|message|left\s+you|"
    r"email(?:ed)?|about|regarding|because|reason|wanted\s+to|was\s+hoping|i\s+noticed|"
    r"following\s+up\s+on|got\s+in\s+touch)\b"
)
_DEFER = rx(
    # Busy now, said by the rep: heading into a meeting, running late, driving, another line.
    r"\b(?:i'?m|i\s+am)\s+(?:\w+\s+){0,2}?(?:(?:about|going)\s+to\s+(?:jump|hop|head|go|walk|"
    r"step)\s+(?:into|in\s+to|on|onto|to|in)|(?:heading|walking|running|stepping|jumping|hopping|"
    r"going)\s+(?:into|in\s+to|to|out\s+to))\s+(?:a|an|the|my|another|this)?\s*(?:\w+\s+)?"
    r"(?:meeting|call|appointment|session|demo|interview|flight|lunch|something)\b",
    r"\b(?:i'?m|i\s+am)\s+(?:\w+\s+){0,2}?(?:driving|running\s+late|on\s+(?:another|the\s+other)\s+"
    r"(?:line|call)|in\s+between\s+(?:meetings|calls|appointments)|on\s+the\s+road|"
    r"with\s+(?:a|another)\s+(?:client|customer|patient))\b",
    r"\b(?:now'?s|now\s+is|this\s+is|it'?s)\s+(?:not\s+(?:a\s+)?(?:great|good|the\s+best|ideal)|"
    r"a\s+(?:bad|tough|tricky)\s+(?:time|moment))\b",
    r"\b(?:pick|take)\s+(?:this|it|that)\s+up\s+(?:later|again|tomorrow|another|next|after|"
    r"this|when|in)\b",
    r"\b(?:do|continue|finish)\s+(?:this|it)\s+(?:later|another\s+time|tomorrow)\b",
    r"\b(?:find|pick|grab)\s+(?:another|a\s+better|a\s+different)\s+time\b",
    r"\bhave\s+(?:someone|somebody|a\s+colleague|my\s+\w+)\s+(?:call|ring|phone|get\s+back\s+to)\s+"
    r"you\b",
    r"\b(?:can|could|may|shall)\s+(?:i|we)\s+(?:call|ring|talk|speak|chat|catch\s+up)\b"
    r".{0,40}\binstead\b",
    r"\b(?:let\s+me|lemme)\s+(?:find|pull|look|dig|check|grab)\b.{0,60}\b(?:call|ring|get\s+back)\b",
    r"\b(?:call|ring)\s+you\s+right\s+back\b",
    # Calling back within the hour is hanging up now: "let me call you back in ten".
    r"\b(?:call|ring|phone|get\s+back\s+to)\s+(?:you|u|ya)\s+(?:right\s+|straight\s+)?(?:back\s+)?"
    r"(?:[^.?!]{0,40}?\s)?(?:in\s+(?:a|an|\d+|ten|five|fifteen|twenty|thirty|a\s+few|a\s+couple|"
    r"a\s+bit|a\s+sec|a\s+minute|a\s+moment|half\s+an)\b|shortly|later\b|after\s+lunch|"
    r"this\s+afternoon|when\s+(?:things|i|it)|once\s+i)",
    r"\b(?:have\s+to|need\s+to|mind\s+if\s+i)\s+(?:call|ring|phone)(?:ed)?\s+(?:you|u|ya)\s+back\b",
    r"\b(?:can|could|may)\s+i\s+(?:call|ring|phone)\s+you\s+back\s*\?\s*$",
    r"\b(?:can|could|may)\s+i\s+(?:call|ring|phone|try)\s+you\s+(?:back\s+)?(?:tomorrow|on|at|this|"
    r"next|later|monday|tuesday|wednesday|thursday|friday|after|first\s+thing|in)\b",
    r"\bgive\s+me\s+(?:\d+|a\s+few|ten|five|fifteen|twenty|half\s+an|an?)\s+(?:minutes?|mins?|hours?|"
    r"secs?|seconds?|moments?)\b",
    r"\bcircle\s+back\s+(?:with\s+you\s+)?later\b",
    # Sending the caller away to ring again: "just call me back when you're at your desk".
    r"\b(?:call|ring|phone)\s+(?:me|us)\s+(?:back\s+|again\s+)(?:when|later|after|tomorrow|once|"
    r"in\s+(?:a|an|\d+|ten|five|half))\b",
    r"\bgive\s+(?:me|us)\s+a\s+(?:call|ring|shout|buzz)\s+(?:back\s+)?(?:when|later|after|"
    r"tomorrow|once)\b",
    # "I'm pretty busy right now, I'll call you next week".
    r"\b(?:i'?ll|i\s+will|(?:let\s+me|lemme)|we'?ll)\s+(?:call|ring|phone|reach\s+out\s+to|try)\s+"
    r"(?:you|u|ya)\s+(?:back\s+|again\s+)?(?:next\s+week|later|sometime|some\s+time|another\s+time|"
    r"in\s+a\s+(?:day|week)|when\s+i)\b",
    r"\bcan'?t\s+(?:really\s+|properly\s+)?(?:talk|speak|chat)(?:\s+\w+)?\s+(?:right\s+)?now\b",
    r"\b(?:i'?m|we'?re)\s+(?:pretty\s+|really\s+|a\s+bit\s+|super\s+)?(?:busy|swamped|slammed|"
    r"tied\s+up|in\s+(?:a|the\s+middle\s+of\s+a)\s+(?:meeting|call))\b.{0,40}"
    r"\b(?:right\s+now|at\s+the\s+moment|now|today)\b",
    r"\b(?:not\s+a\s+(?:good|great)\s+time|bad\s+time)\b.{0,30}\b(?:call|talk|speak|catch)\b",
    r"\b(?:can|could|shall)\s+(?:we|i)\s+(?:talk|speak|chat|catch\s+up)\s+(?:later|another\s+time|"
    r"tomorrow|next\s+week|some\s+other\s+time)\b",
)


#: Offering to call later: a next step once the caller's need is dealt with, but a put-off
#: when it is the rep's first answer ("Hey Mike! I'll give you a shout tomorrow.").
_LATER_CALL = rx(
    r"\b(?:call|ring|rang|phone)(?:ed)?\s+(?:you|u|ya)\s+back\b",
    r"\b(?:call|ring|phone)\s+(?:you|u|ya)\s+(?:right\s+|straight\s+|back\s+)?"
    r"(?:back|later|in\s+(?:a|an|\d+|ten|five|fifteen|twenty|a\s+few|a\s+couple|a\s+bit|a\s+sec|"
    r"a\s+minute|a\s+moment))",
    r"\bget\s+back\s+to\s+you\b",
    r"\b(?:call|ring|phone)\s+(?:me|us)\s+(?:back|again)\b",
    r"\b(?:give|shoot)\s+(?:you|u)\s+a\s+(?:call|ring|buzz|shout|bell)\b",
    r"\b(?:i'?ll|i\s+will|(?:let\s+me|lemme)|can\s+i|could\s+i|i\s+can|we'?ll|why\s+don'?t\s+i)\s+"
    r"(?:\w+\s+)?(?:call|ring|phone|buzz|reach\s+out\s+to|follow\s+up\s+with|try)\s+(?:you|u|ya)\b",
    r"\b(?:can|could|shall)\s+(?:we|i)\s+(?:talk|speak|chat|catch\s+up|connect|reconnect)\b",
    r"\b(?:we|i)\s+(?:can|could)\s+(?:talk|speak|chat|catch\s+up|connect|reconnect)\s+"
    r"(?:\w+\s+){0,2}?(?:later|next|sometime|some\s+time|another|tomorrow|soon|then)\b",
    r"\blet'?s\s+(?:talk|speak|chat|catch\s+up|connect|reconnect)\b",
    r"\bcircle\s+back\b",
)
#: Reasons for not dealing with it now; with an offer to call later, a put-off.
_EXCUSE = rx(
    r"\b(?:system|computer|laptop|screen|crm|app)(?:'s|\s+is|\s+has|\s+just)?\s+(?:just\s+)?(?:down|frozen|"
    r"froze|crashed|playing\s+up|not\s+loading)\b",
    r"\bup\s+a\s+ladder\b",
    r"\b(?:between|in\s+between)\s+(?:two\s+)?(?:jobs|sites|meetings|calls|appointments|clients)\b",
    r"\b(?:i\s+)?need\s+(?:my|to\s+(?:ask|check\s+with|get))\s+(?:my\s+)?(?:manager|boss|notes|file|team)\b",
    r"\b(?:my\s+)?(?:notes|file|files|laptop)\s+(?:are|is)\s+(?:in|at|back)\b",
    r"\b(?:go\s+through\s+it\s+properly|don'?t\s+want\s+to\s+rush)\b",
    r"\b(?:i'?m|i\s+am)\s+(?:not\s+at\s+my\s+desk|out\s+on\s+a\s+job|on\s+site|at\s+(?:another|a)\s+site)\b",
)
_INSIST = rx(r"\b(?:now|rather\s+not|rather\s+do|while\s+i\s+have\s+you|can'?t\s+later)\b")

_ACCEPT = rx(
    r"\b(?:yes|yeah|yep|yup|(?<!make\s)(?<!be\s)(?<!not\s)sure|works|work\s+for\s+me|great|perfect|sounds\s+(?:good|great|fine)|"
    r"ok|okay|fine|see\s+you\s+then|talk\s+then|deal|done|booked|lock\s+it\s+in|put\s+me\s+down|"
    r"i'?ll\s+be\s+there|good\s+for\s+me|let'?s\s+do\s+(?:it|that)|absolutely|definitely|"
    r"that'?s\s+(?:good|fine|great)|count\s+me\s+in|pencil|no\s+problem|of\s+course|i\s+can\s+do|"
    r"it\s+is(?=\s*[.!]?\s*$)|(?:that(?:'s|\s+is|\s+will\s+be)\s+)?(?:correct|right|ideal)|certainly|exactly|"
    r"go\s+ahead|nice|suits\s+me|i\s+suppose|i\s+guess\s+so|(?:that\s+)?(?:should|could)\s+work|"
    r"fine\s+by\s+me)\b"
)
_DECLINE = rx(
    r"\b(?:can'?t|cannot|can\s+not|won'?t\s+work|doesn'?t\s+work|does\s+not\s+work|not\s+good|"
    r"no\s+good|i'?m\s+out|i'?m\s+away|i'?m\s+off|busy|booked\s+(?:solid|up)|conflict|tied\s+up|"
    r"not\s+available|unavailable|(?:let\s+me|lemme)\s+check|check\s+my\s+(?:calendar|diary|schedule)|"
    r"get\s+back\s+to\s+you|i'?ll\s+let\s+you\s+know|not\s+sure|rather\s+not|"
    r"on\s+(?:vacation|holiday|leave)|travel(?:l?ing)?|out\s+of\s+(?:the\s+)?office|"
    r"doesn'?t\s+suit|won'?t\s+be\s+able|no\s+can\s+do|not\s+going\s+to\s+work|"
    r"hold\s+off|not\s+(?:now|yet)|don'?t\s+(?:think|want)|pass\s+on|not\s+interested|"
    r"(?:she|he|they|we|i)(?:'s|'re|'m|\s+is|\s+are|\s+am)\s+(?:off|out|away|busy|booked)|"
    r"(?:come|get)\s+back\s+to\s+you|circle\s+back|doesn'?t\s+fit|won'?t\s+fit|"
    r"i(?:'ve|\s+have)\s+(?:got\s+)?(?:a|the|my|our)\s+(?:[\w-]+\s+){0,2}(?:meeting|call|review|"
    r"appointment|flight|board))\b",
    r"^\s*no\b(?![\s,]+(?:problem|worries))",
    r"\bactually,?\s+no\b",
    # Held, not agreed: "tentatively", "I'll confirm tomorrow", "as long as Carla's free".
    r"\btentative(?:ly)?\b",
    r"\bi'?ll\s+(?:have\s+to\s+|need\s+to\s+)?confirm\s+(?:later|tomorrow|by|once|when|with|after)\b",
    r"\b(?:let\s+me|lemme)\s+confirm\s+with\b",
    r"\bas\s+long\s+as\b",
    r"\bif\s+(?:she|he|they|it)(?:'s|'re|\s+is|\s+are)?\s+(?:free|available|around|in)\b",
    r"\b(?:hold|pencil)\s+(?:it|that|this)\s+(?:in\s+)?(?:for\s+now|until|till)\b",
    r"\bis\s+(?:our|my)\s+(?:\w+\s+)?(?:meeting|day\s+off|holiday|offsite|off-site|all-hands)\b",
    r"\bsend\s+me\s+(?:a\s+couple\s+(?:of\s+)?|a\s+few\s+|some\s+)?(?:other\s+)?(?:options|times|slots|"
    r"dates)\b",
)
#: Either side saying the booking did not happen ("I was unable to make the appointment",
#: "something went wrong", "we'll have to cancel"): the time on the table is off.
_FAILED = rx(
    r"\b(?:unable|not\s+able|couldn'?t|could\s+not|wasn'?t\s+able|was\s+not\s+able|failed|"
    r"can'?t|cannot)\s+(?:to\s+)?(?:make|book|schedule|reserve|complete|lock|set\s+up|add|"
    r"get)\s+(?:it|that|the|this|your|a|an)\b",
    r"\b(?:unsuccessful|no\s+(?:openings?|availability|slots?)|(?:don'?t|doesn'?t)\s+have\s+"
    r"(?:an?\s+)?(?:opening|availability|slot)|an?\s+(?:issue|problem|error)\s+(?:with\s+)?booking)\b",
    r"\b(?:something\s+went\s+wrong|there\s+(?:has\s+been|was)\s+an?\s+(?:error|problem)|"
    r"(?:have|need|got)\s+to\s+(?:cancel|reschedule|move)|cancel(?:led|ed)?\s+(?:it|that|the)|"
    r"can'?t\s+make\s+it|won'?t\s+(?:be\s+able\s+to\s+)?make\s+it)\b",
    # Taken back by whoever offered it: "my calendar's showing that's gone", "we're closed".
    r"\b(?:that|it|that\s+slot|that\s+one)(?:'s|\s+is|\s+has)\s+(?:just\s+)?(?:gone|taken|been\s+taken|"
    r"booked\s+up|no\s+longer\s+(?:free|available|open))\b",
    r"\b(?:someone|somebody)\s+(?:just\s+)?(?:grabbed|took|booked|snagged)\s+(?:it|that)\b",
    r"\b(?:showing|shows)\s+(?:you|me|her|him|them)\s+as\s+(?:blocked|busy|out|booked)\b",
    r"\b(?:the\s+)?invite\s+(?:bounced|failed|didn'?t\s+go\s+through)\b",
    r"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?:off|out|away|not\s+in)\s+(?:that\s+day|then|on|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|all)\b",
    r"\bwe(?:'re|\s+are)\s+(?:closed|shut)\b",
    r"\b(?:way\s+)?too\s+(?:early|late)\s+for\s+you\b",
    r"\bscratch\s+that\b",
    r"\bi'?m\s+(?:in|at)\s+(?:training|court|surgery|a\s+(?:training|conference|workshop|wedding|"
    r"funeral|course))\b",
)
_CANNOT = rx(
    r"\b(?:can'?t|cannot|can\s+not)\s+(?:do|make)\b",
    r"\b(?:won'?t|doesn'?t|does\s+not|will\s+not)\s+work\b",
    r"\b(?:not\s+available|unavailable)\b",
    r"\bi'?m\s+(?:out|away|off|busy|booked)\b",
)
_HEDGE = rx(
    r"\b(?:maybe|perhaps|possibly|probably\s+not|not\s+sure|(?:we'?ll|i'?ll|let'?s)\s+see(?!\s+(?:you|ya|u))|"
    r"might\s+(?:work|be\s+able)|i'?ll\s+try(?:\s+you)?|if\s+you\s+want|no\s+promises)\b",
)
#: Someone else's appointment: "they meet Thursday at 2", "our management meeting Monday at 9".
_OTHER_EVENT = rx(
    r"\b(?:they|he|she|the\s+[\w-]+|our\s+[\w-]+|my\s+[\w-]+|(?:the\s+)?partners|the\s+board)\s+"
    r"(?:meet|meets|is\s+coming|comes|'s\s+coming|are\s+coming|arrives?|visits?|'s\s+in|is\s+in)\b",
    r"\b(?:we'?ve\s+got|we\s+have|there'?s)\s+(?:our|my|a|the)\s+(?:[\w-]+\s+){0,2}(?:meeting|appointment|"
    r"visit|flight|board|review|inspection|all-hands)\b",
)
_BARE_NO = re.compile(r"^\W*no\b", re.I)
_OR = re.compile(r"\bor\b", re.I)
#: Questions that ask for content, not a yes: "what does your team use today?".
_OPEN_QUESTION = rx(
    r"^\W*(?:(?:so|and|ok(?:ay)?|well|um+|uh+|great|right|alright|now)\W+)*"
    r"(?:what|how|which|who|whom|whose|when|where|why)\b"
    r"(?!\s+about\b|\s+(?:does|would)\s+(?:that|this|it)\s+sound|\s+would\s+you\s+(?:feel|say\s+to)|"
    r"\s+do\s+you\s+think\W+(?:should|shall|can|could|would)\b)"
)
#: A statement that asks for a yes ("Please confirm: …", "… is that correct"): a question.
_ASKS_CONFIRM = rx(
    r"\b(?:please\s+confirm|can\s+you\s+(?:please\s+)?confirm|could\s+you\s+confirm|"
    r"is\s+(?:that|this)\s+(?:correct|right|ok)|just\s+so\s+i'?ve\s+got\s+this\s+right|"
    r"confirm\s+(?:the\s+following|this|that|if))\b"
)
WITHDRAW = rx(
    r"\bi'?ll\s+(?:send|email|shoot)\s+(?:you\s+)?(?:some|a\s+few|a\s+couple)",
    r"\bi'?ll\s+be\s+in\s+touch\b",
    r"\b(?:let\s+me|lemme)\s+(?:send|email|shoot)\s+(?:you\s+)?(?:over\s+)?(?:some|a\s+few|a\s+couple|another|"
    r"other|something|options)",
    r"\b(?:send|email)\s+(?:you\s+)?(?:some\s+)?(?:other|more|alternative)\s+(?:options|times|slots|dates)",
    r"\bi'?ll\s+just\s+(?:email|send)\s+you\b",
    r"\bi'?ll\s+(?:call|ring|reach\s+out\s+to)\s+you\s+(?:next\s+week|sometime|later|soon)\b",
)


_GOODBYE = rx(
    r"\b(?:bye|goodbye|good-bye|talk\s+(?:soon|then|later)|speak\s+(?:soon|then)|"
    r"have\s+a\s+(?:good|great|nice|lovely)|take\s+care|cheers|see\s+you\s+then)\b"
)
_EMAIL = rx(
    r"\b(?:e-?mail|send|shoot|drop)\b.{0,30}\b(?:e-?mail|over|across|info|information|deck|"
    r"details|summary|address)\b",
    r"\bemail\s+address\b",
    r"\b(?:best|right)\s+email\b",
)


def asks(text: str) -> bool:
    """Whether a sentence is a question (the scorer's QUESTION act): word order, a question
    mark, "I was wondering if", or a question run on from a statement in unpunctuated
    speech ("…thats not a software fix anyway um so would you want to do a walkthrough")."""
    return is_question(text) or bool(_EMBEDDED_ASK.search(text))


def open_question(text: str) -> bool:
    """A question that asks for content, not a yes ("What does your team use today?")."""
    return bool(_OPEN_QUESTION.match(text))


def classify(text: str) -> frozenset[Act]:
    """The acts of one sentence, read alone (the analysis adds those that need context)."""
    acts: set[Act] = set()
    asking = asks(text)
    if asking:
        acts.add(Act.QUESTION)
        if tag_question(text):
            acts.add(Act.TAG)
        if not open_question(text):
            acts.add(Act.YES_NO)
    ends_asking = asking or text.rstrip().endswith("?")
    checks = (
        (ends_asking and _CHECK.search(text)) or _CHECK_ANY.search(text) or _check_tail(text) >= 0
    )
    if checks and not _CHECK_NOT.search(text):
        acts.add(Act.CHECK)
    if _INTEREST.search(text):
        acts.add(Act.NEXT_STEP)
    if _ASSUMES.match(text):
        acts.add(Act.ASSUMES)
    invites = _INTEREST_WORDS.search(text) or (
        not _ASSUMES.match(text)
        and (
            _INVITE.search(text)
            or (Act.YES_NO in acts and _DECISION.search(text) and _NEXT_THING.search(text))
        )
    )
    offers = _IF_YOU_LIKE.search(text) and _OFFERING.search(text) and _NEXT_THING.search(text)
    if (asking and invites and not _INTEREST_NOT.search(text)) or offers:
        acts.add(Act.INVITE)
    if _IF_YOU_LIKE.search(text):
        acts.add(Act.PROPOSAL)  # an offer left for them to take up
    if _SOUND.search(text):
        acts.add(Act.SOUNDS)
    if _PROPOSES.search(text):
        acts.add(Act.PROPOSAL)
    for act, pattern in (
        (Act.ACCEPT, _ACCEPT),
        (Act.REFUSE, _DECLINE),
        (Act.CANNOT, _CANNOT),
        (Act.HEDGE, _HEDGE),
        (Act.OTHER_EVENT, _OTHER_EVENT),
        (Act.FAILED, _FAILED),
        (Act.ASKS_CONFIRM, _ASKS_CONFIRM),
        (Act.WITHDRAW, WITHDRAW),
        (Act.OPENER, _OPENER),
        (Act.GIVES_REASON, _REASON_FRAME),
        (Act.DEFER, _DEFER),
        (Act.LATER_CALL, _LATER_CALL),
        (Act.EXCUSE, _EXCUSE),
        (Act.INSIST, _INSIST),
        (Act.REQUEST, _REQUEST),
        (Act.ASK_EMAIL, _EMAIL),
        (Act.GOODBYE, _GOODBYE),
    ):
        if pattern.search(text):
            acts.add(act)
    # "your company has an audit coming up" mentions the company, it does not ask for it.
    who_asked = asking or Act.REQUEST in acts or _INTERROGATIVE.search(text) or _MISSED.search(text)
    if (_WHO.search(text) and who_asked) or _WHO_ELLIPTICAL.search(text):
        acts.add(Act.ASK_WHO)
    if _STRONG_RECAP.search(text) or _RECAP_MARKER.search(text):
        acts.add(Act.RESTATE)
    if _SECOND_PERSON.search(text) or _SO_START.match(text):
        acts.add(Act.ABOUT_THEM)
    if _PITCH.search(text) or _OFFER.search(text):
        acts.add(Act.CLAIM)
    kinds = {m.kind for m in timespec.mentions(text)}
    if "day" in kinds:
        acts.add(Act.DAY)
    if "clock" in kinds:
        acts.add(Act.CLOCK)
    if "vague" in kinds:
        acts.add(Act.VAGUE_TIME)
    if Act.EXCUSE in acts and Act.LATER_CALL in acts:
        acts.add(Act.DEFER)
    return frozenset(acts)


#: Pairs said as one thing, kept whole when a sentence is cut at "and".
_AND_PAIRS = re.compile(
    r"\b(sons|back|pros|up|terms|nuts|black|bread|first|friends|mom|mum|moms|mums|husband|"
    r"wife|parents)\s+and\s+(?=daughters|forth|cons|running|conditions|bolts|white|butter|last|"
    r"family|pop|kids|dads|wife|husband|carers)",
    re.I,
)


def clauses(text: str) -> list[str]:
    """A sentence cut where its ideas may change hands ("…, and our tool fixes it");
    "sons and daughters" stays one."""
    kept = _AND_PAIRS.sub(lambda m: f"{m.group(1)}\u00a0&\u00a0", text)
    return [c.replace("\u00a0&\u00a0", " and ") for c in _CLAUSE.split(kept) if c]


def pitches(clause: str) -> bool:
    """A clause that sells (what we or the product do), unless it quotes them."""
    return bool(_PITCH.search(clause)) and not _STRONG_RECAP.search(clause)


def _check_tail(text: str) -> int:
    """Where a check that ends the sentence starts ("…, did i get that right", "… is that
    fair"), or -1. Without a comma before it the check must be the sentence's last words,
    so "… is that it facilitates coaching" is not one."""
    tail = _CHECK_TAIL.search(text)
    if tail is None:
        return -1
    words = tail.group().rstrip(" ?.!")
    after_a_break = tail.start() == 0 or text[tail.start()] in ",;:—–-"
    for check in _CHECK.finditer(words):
        if after_a_break or len(words) - check.end() <= 2:
            return tail.start()
    return -1


def without_check(text: str) -> str:
    """The sentence before a check said at its end: "your mod's climbing, anything i missed"
    -> "your mod's climbing" (nothing is left of a sentence that only checks)."""
    start = _check_tail(text)
    if start >= 0:
        return text[:start].rstrip(" ,;:—–-")
    return "" if is_question(text) else text  # "stop me if I'm wrong" mid-sentence leaves it


def quotes_them(clause: str) -> bool:
    """A clause that says it is their words: "you mentioned …", "you said …"."""
    return bool(_STRONG_RECAP.search(clause))


_CONTINUES = rx(
    r"^\s*(?:—|–|-|…|\.\.\.)",
    r"^\W*(?:(?:right|yes|yeah|ok(?:ay)?|exactly|ha|got\s+it)\W+)*(?:and|also|plus|then|on\s+top\s+of\s+that)\b",
)


def continues(text: str) -> bool:
    """A sentence that carries on what the speaker was saying before being cut into."""
    return bool(_CONTINUES.search(text))


def bare_no(text: str) -> bool:
    """Starts with a plain "no" (to "anything else?"), not a decline of the time."""
    return bool(_BARE_NO.match(text))


def options(text: str) -> bool:
    """Offers a choice ("Tuesday or Wednesday?")."""
    return bool(_OR.search(text))
