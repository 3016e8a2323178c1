"""Word lists that carry stance and news: reporting verbs, polarity words, negators.

Our own, kept short and general.
"""

from __future__ import annotations

# Verbs (past / present forms) that report how a party responded, by the stance they carry.
POSITIVE_VERBS = frozenset(
    """welcomed welcomes welcome praised praises hailed hails applauded applauds lauded lauds
    celebrated celebrates endorsed endorses commended commends cheered cheers thanked thanks
    embraced embraces backed backs supported supports congratulated congratulates defended
    defends praise hail applaud""".split()
)
NEGATIVE_VERBS = frozenset(
    """criticised criticized criticises criticizes condemned condemns denounced denounces
    slammed slams blasted blasts attacked attacks warned warns rejected rejects dismissed
    dismisses opposed opposes protested protests objected objects decried decries lamented
    laments questioned questions accused accuses complained complains deplored deplores
    disputed disputes challenged challenges feared fears scoffed rebuked rebukes ridiculed
    ridicules mocked mocks denied denies warn criticise criticize condemn deny reject slam
    blast accuse disapproved disapproves""".split()
)
# Plain reporting verbs: "X said that Y" without a quote reads as a reported fact.
SPEECH_VERBS = frozenset(
    """said says say told tells tell stated states added adds add noted notes note explained
    explains explain wrote writes announced announces tweeted tweets posted testified
    testifies""".split()
)
# Verbs that give a party's view: a reaction even without a direct quote.
OPINION_VERBS = frozenset(
    """commented comments responded responds reacted reacts replied replies argued argues
    insisted insists claimed claims acknowledged acknowledges conceded
    concedes urged urges cautioned cautions predicted predicts believe believes believed
    suggested suggests described describes countered counters asserted asserts expects
    called calls
    doubted doubts argue insist cited cites describe urge claim""".split()
)
# Verbs of concrete news events: sentences built on them tend to carry key facts.
EVENT_VERBS = frozenset(
    """demanded demands agreed agrees rejected rejects refused refuses accepted accepts
    announced announces approved approves proposed proposes offered offers signed signs
    launched launches ordered orders pledged pledges promised promises threatened threatens
    struck strikes killed injured arrested charged sentenced ruled voted elected resigned
    appointed cut cuts raised rose fell dropped jumped grew increased decreased reported
    reports discussed discuss wants want sought seeks called closed opened won lost scored
    beat fined banned suspended released published found showed shows confirmed revealed
    acquired bought sold hired fired close closes reduced expanded invested abandoned
    scrapped won beat""".split()
)
# "X expressed concern", "Y voiced support": the noun carries the stance.
EXPRESS_VERBS = frozenset(
    "expressed expresses voiced voices raised raises signalled signaled signals".split()
)
POSITIVE_NOUNS = frozenset(
    """support hope hopes optimism confidence satisfaction approval gratitude enthusiasm relief
    appreciation praise""".split()
)
NEGATIVE_NOUNS = frozenset(
    """concern concerns doubt doubts skepticism scepticism alarm regret disappointment outrage
    anger frustration dismay opposition fears fear worry worries reservations criticism
    objections anxiety""".split()
)
# Verbs whose object is the one who reacts: "the remark worried officials".
EXPERIENCER_VERBS = {
    "worried": "negative",
    "alarmed": "negative",
    "angered": "negative",
    "dismayed": "negative",
    "upset": "negative",
    "frustrated": "negative",
    "concerned": "negative",
    "troubled": "negative",
    "disappointed": "negative",
    "pleased": "positive",
    "delighted": "positive",
    "reassured": "positive",
    "encouraged": "positive",
    "heartened": "positive",
}
MIXED_MARKERS = (
    "remain divided",
    "remains divided",
    "remained divided",
    "were divided",
    "are divided",
    "was divided",
    "is divided",
    "cautiously",
    "cautious",
    "mixed feelings",
    "guarded",
    "lukewarm",
)

POSITIVE_WORDS = frozenset(
    """good great excellent positive progress success successful welcome welcomed strong
    stronger gain gains improved improve improvement optimistic hopeful confident breakthrough
    promising encouraging benefit benefits win won victory pleased happy proud delighted
    effective opportunity boost boosted record robust support supports helpful important
    constructive historic agreement relief safe ready better best growth thrilled grateful
    fantastic brilliant superb remarkable impressive proud excited exciting amazing
    incredible glad love loved confidence terrific tremendous wonderful outstanding perfect
    solid beautiful phenomenal awesome congratulations encouraged valuable exceptional
    fun enjoyed enjoy meaningful solved popular""".split()
)
NEGATIVE_WORDS = frozenset(
    """bad poor negative failure failed fail fails weak weaker loss losses decline declined
    worse worst concern concerns concerned worried worry fear fears threat threats risk risks
    risky danger dangerous crisis damage damaging disappointing disappointed disappointment
    angry anger outrage outrageous unacceptable wrong mistake disaster disastrous reckless
    irresponsible doubts doubt skeptical sceptical criticism critical costly harm harmful
    violation violations aggression unfair unjust shameful betrayal chaos collapse alarming
    devastating terrible undermine undermines undermined sad frustrated frustrating
    legitimize criminal criminals rioters violence violent illegal unrest sham charade hatred
    false propaganda absurd fake lie lies corrupt corruption abuse shock shocked improper
    inappropriate problem problems glitches collapsed plunge plunged slump worse brutal
    deadly difficult harrowing unlawful excessive dismal struggle struggling tough painful
    horrible awful appalling worrying troubling tragic tragedy catastrophic catastrophe bleak
    grim cruel crackdown lethal unconstitutional dire unfortunately erode eroding eroded
    erodes erosion overflow overflowing backlash ridicule impaired doomed toxic derision
    disgust""".split()
)
NEGATIVE_PHRASES = (
    "below expectations",
    "below our expectations",
    "below their expectations",
    "fell short",
    "falls short",
    "fall short",
    "missed expectations",
    "missed estimates",
)
"""Negative as a whole, though no word in them is."""
POSITIVE_PHRASES = (
    "did well",
    "do well",
    "doing well",
    "played well",
    "went well",
    "worked well",
    "performed well",
    "look forward",
    "looking forward",
)
"""Positive as a whole ("well" alone is mostly "as well")."""
MANNER_PHRASES = ("with confidence", "with certainty", "in good faith")
"""How something is said, not a stance: "I can say with confidence that ..."."""
INTENSIFIERS = ("not only",)
"""A negator that does not negate: "not only important but also cool"."""
NON_ANSWERS = frozenset("declined declines decline refused refuses".split())
"""Before "to comment", "to say": no stance, not the polarity "declined" has alone."""
NEGATORS = frozenset("not no never n't without hardly nor neither cannot".split())
CONTRAST = frozenset("but however although though while yet whereas".split())

# Nouns that make an unnamed group a party that can react ("analysts", "the union").
ROLE_NOUNS = frozenset(
    """official officials analyst analysts lawmaker lawmakers legislator legislators expert
    experts economist economists investor investors market markets trader traders critic critics
    resident residents union unions government governments ministry minister ministers
    spokesperson spokesman spokeswoman source sources leader leaders ally allies diplomat
    diplomats observer observers scientist scientists researcher researchers doctor doctors fan
    fans supporters player players coach manager shareholders regulator regulators police
    prosecutor prosecutors company firm group association council campaigners activists
    opposition party parties administration office agency commission committee board senators
    senator mps mp voters families workers employees staff teachers patients farmers
    fishermen environmentalists executives executive chairman chairwoman chair ceo cfo
    president mayor governor authorities authority federation league club department
    organisation organization institute industry bank banks lender lenders users customers
    consumers viewers readers defenders public refugee refugees ministries""".split()
)
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset(
    "january february march april june july august september october november december".split()
)
"""The months but May, which is also a name and a verb."""
# Words that look like actors but are not parties: "some reports said", "it said".
NON_ACTORS = (
    frozenset(
        """it this that these those there reports report media statement statements call the a
        an what which who data figures study survey poll document documents letter results
        yesterday today tonight""".split()
    )
    | DAYS
    | MONTHS
)
# Bare role words too vague to stand alone as an actor.
VAGUE_ACTORS = frozenset(
    "company firm spokesperson spokesman spokeswoman source group others some many".split()
)
