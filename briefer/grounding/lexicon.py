"""Word tables the grounding check reads claims with. Our own, short, and meant to be edited.

Words are lower case. Verb and noun forms are reduced to one stem by ``words.stem``, so a
table lists each idea once ("reject" covers rejects, rejected, rejection); irregular forms
that a suffix rule cannot reach ("rose", "won") are mapped in ``IRREGULAR``.
"""

from __future__ import annotations

# Function words and words too general to carry a claim's content.
STOPWORDS = frozenset(
    """a about above across after again against all almost along also although always am among
    an and another any anyone anything are around as at be became because become been before
    being below between both but by can could did do does doing done down during each either
    else enough etc even ever every few for from further get gets got had has have having he her
    here hers herself him himself his how however i if in into is it its itself just least less
    let lot many may me might more most much must my myself near need nor now of off often on
    once one only onto or other others our ours out over own per perhaps quite rather really
    same several shall she should since so some something such than that the their theirs them
    themselves then there therefore these they thing things this those though through thus to
    together too toward towards under until up upon us very via was we well were what whatever
    when where whether which while who whom whose why will with within would yet you your yours
    dr also said says say saying told tell tells according stated states added adds
    noted notes explained explains mentioned mentions discussed discusses discuss talked talks
    speaker speakers summary document article text overall additionally furthermore moreover
    including include includes included various specific particular certain able way ways""".split()
)

# Words that open sentences without being names, for texts that never use them in lower case.
OPENERS = frozenset(
    """later eventually finally meanwhile despite besides nevertheless nonetheless regardless
    notwithstanding instead afterwards afterward initially subsequently consequently hence
    next lastly firstly secondly overall today yesterday tomorrow currently recently lately
    ultimately furthermore moreover additionally alternatively similarly likewise otherwise
    unfortunately fortunately apparently clearly obviously basically generally specifically
    importantly interestingly surprisingly notably indeed still soon once upon amid amidst
    following according given regarding concerning considering including unlike like
    company organization firm business team group""".split()
)

# Words that negate what follows them ("lacks digits" is "has no digits"; not the noun "a lack
# of", which names a shortfall). "no longer" and "n't" are handled by ``words``.
NEGATORS = frozenset(
    """not no never none nobody nothing neither nor without cannot n't nowhere lacks
    lacking""".split()
)

# Words by which an article marks something as unconfirmed.
HEDGES = frozenset(
    """allegedly alleged reportedly purportedly supposedly unconfirmed unverified rumoured
    rumored suspected possibly""".split()
)
# Modal verbs: they mark as possible only the verb they govern ("could face charges").
MODALS = frozenset("could may might".split())
# Phrases that do the same across several words.
HEDGE_PHRASES = (
    "has not confirmed",
    "have not confirmed",
    "had not confirmed",
    "not been confirmed",
    "not yet confirmed",
    "did not confirm",
    "could not confirm",
    "could not be confirmed",
    "not independently verified",
    "could not independently verify",
    "not been verified",
    "yet to be confirmed",
    "yet to confirm",
    "declined to confirm",
    "would not confirm",
)
# Words by which a claim itself signals that it reports what someone says, not a fact.
ATTRIBUTIONS = frozenset(
    """said say says saying told tells according claim claims claimed claiming allege alleges
    alleged allegedly reportedly reported reports report suggest suggests suggested believe
    believes believed think thinks thought argue argues argued insist insists insisted warn
    warns warned predict predicts predicted accuse accuses accused estimate estimates estimated
    expect expects expected hope hopes hoped plan plans planned propose proposes proposed
    want wants wanted""".split()
)

# Pairs of opposites, one per line, as stems. A claim using one side where its evidence uses
# the other (and not the same side) has flipped what the evidence says.
ANTONYM_PAIRS = tuple(
    tuple(line.split())
    for line in """
    accept reject
    accept refuse
    accept declin
    approv reject
    approv deni
    approv veto
    agre disagre
    allow ban
    allow forbid
    allow prohibit
    permit ban
    support oppos
    favor oppos
    prais criticiz
    prais criticis
    welcom criticis
    prais condemn
    welcom condemn
    welcom criticiz
    confirm deni
    admit deni
    win lose
    win defeat
    victory defeat
    rise fall
    rise drop
    rise declin
    increas decreas
    increas reduc
    increas cut
    increas fall
    increas declin
    increas drop
    rais lower
    rais cut
    gain los
    gain fall
    profit loss
    surplus deficit
    grow shrink
    grow declin
    expand shrink
    expand contract
    high low
    higher lower
    highest lowest
    more less
    more fewer
    most least
    larger smaller
    largest smallest
    bigger smaller
    biggest smallest
    long short
    longer shorter
    early late
    earlier later
    before after
    first last
    open clos
    start end
    start stop
    begin end
    launch scrap
    resum suspend
    lift impos
    hire fire
    arrest releas
    convict acquit
    guilty innocent
    legal illegal
    buy sell
    import export
    borrow lend
    add remov
    includ exclud
    join leav
    stay leav
    neglect care
    enter exit
    arriv depart
    succe fail
    success failur
    pass fail
    strong weak
    stronger weaker
    positiv negativ
    optimist pessimist
    good bad
    better worse
    best worst
    safe dangerous
    cheap expensiv
    cheaper costlier
    rich poor
    true fals
    correct incorrect
    right wrong
    possibl impossibl
    likely unlikely
    full empty
    alive dead
    survive die
    peac war
    friend enemy
    ally rival
    majority minority
    north south
    east west
    left right
    up down
    male female
    men women
    man woman
    boy girl
    father mother
    son daughter
    brother sister
    husband wife
    morning evening
    day night
    old young
    older younger
    new old
    public privat
    domestic foreign
    intern extern
    hot cold
    wide narrow
    broad narrow
    all some
    all few
    crucial irrelevant
    important irrelevant
    relevant irrelevant
    vilifi prais
    explicit implicit
    artificial natural
    input output
    within outside
    insid outsid
    lack presenc
    lack abundanc
    absenc presenc
    includ lack
    specific general
    uniqu standard
    comprehensiv basic
    advanc basic
    onlin offlin
    automat manual
    expensiv affordabl
    expensiv cheap
    permanent temporary
    full partial
    singl multipl
    mandatory optional
    requir optional
    free paid
        warm cold
    wet dry
    fast slow
    faster slower
    easy hard
    easy difficult
    easier harder
    simpl complex
    agre refus
    rememb forget
    love hate
    like dislik
    happy sad
    pleas upset
    abl unabl
    willing unwilling
    lead trail
    ahead behind
    above below
    over under
    plus minus
    maximum minimum
    always never
    all none
    everyone nobody
    everything nothing
    improv declin
    improv worsen
    improv deteriorat
    strengthen weaken
    sav wast
    encod decod
    gain loss
    encourag discourag
    help hinder
    allow forbid
    allow prohibit
    permit ban
    cheaper pricier
    introduct conclus
    offens defens
    attack defend
    teenag adult
    child adult
    acknowledg ignor
    listen ignor
    promot discourag
    boost hinder
    benefit drawback
    benefit harm
    advantag drawback
    open-mind narrow-mind
    open-mind closed-mind
    remember forget
    find lose
    sav spend
    succeed fail
    """.strip().splitlines()
)

# Small words the polarity check reads, for their opposites only ("above" / "below").
POLAR = frozenset("above below before after during more less most least".split())

# Two sides of one scale, a block each (blocks apart by a blank line, sides split by "|"):
# every word of one side is the opposite of every word of the other ("prices rose" / "prices
# slumped", "helps" / "hampers"), so a side lists words that say the same thing, and the
# pairs above need not name each.
OPPOSITE_SIDES = tuple(
    tuple(side.split() for side in block.split("|"))
    for block in """
    increas rise grow gain rais boost climb jump surg soar expand
    | decreas fall drop declin reduc cut lower shrink slump plung tumbl sink contract slash

    improv enhanc boost strengthen benefit help solv resolv
    | worsen hinder impair harm hurt degrad weaken damag undermin deteriorat hamper

    fast faster quick quicker rapid | slow slower

    good great excellent | bad terrible awful poor horrible

    love like enjoy | hate dislik

    happy glad pleased satisfied contented comfortable delighted
    | unhappy sad upset displeased dissatisfied unsatisfied uncomfortable

    limited scarce | abundant plentiful

    during | before

    during | after

    divers varied heterogeneous | uniform homogeneous identical

    prais welcom support endors recommend applaud commend
    | criticiz criticis condemn oppos denounc
    """.strip().split("\n\n")
)

# Closed sets of words of which a thing is one at a time: a claim naming one member where its
# evidence names another, in the same context, says something else ("sunny" for "rainy").
EXCLUSIVE_SETS = tuple(
    tuple(line.split())
    for line in """
    sunny cloudy rainy snowy foggy
    sunshine rain snow fog
    north south east west
    northern southern eastern western
    northeast northwest southeast southwest
    red orange yellow green blue purple pink brown black white grey
    winter summer autumn
    breakfast lunch dinner
    daily weekly monthly annual
    mother father sister brother son daughter wife husband aunt uncle cousin niece nephew
    grandmother grandfather grandson granddaughter
    train plane airplane aeroplane bus coach ferry ship boat taxi tram subway
    airport station harbour
    song album movie film podcast
    phone computer tablet
    beginning middle end
    butter margarine milk cream cheese yoghurt yogurt
    fridge freezer pantry cupboard cellar
    """.strip().splitlines()
)

# Opposite parts of a compound word ("on-policy" / "off-policy", "pre-war" / "post-war").
COMPOUND_OPPOSITES = tuple(
    tuple(line.split())
    for line in """
    on off
    pre post
    in out
    over under
    up down
    high low
    single double
    single multi
    """.strip().splitlines()
)

# Opposite prefixes of one-word compounds ("unilateral" / "multilateral", "overestimate" /
# "underestimate", "upgrade" / "downgrade"); read only where what follows the prefix has
# at least four letters.
PREFIX_OPPOSITES = tuple(
    tuple(line.split())
    for line in """
    uni multi
    mono multi
    uni bi
    bi multi
    over under
    up down
    pre post
    in out
    """.strip().splitlines()
)

# Prefixes that negate the word they are on ("non-exclusive", "unreliable"). Only read as
# such when the bare word, and not the prefixed one, is in the evidence in the same context.
NEGATING_PREFIXES = ("non-", "non", "un", "in", "im", "ir", "il", "dis", "sub")

# Irregular verb forms a suffix rule cannot reach, mapped to the stem the tables use.
IRREGULAR = {
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "won": "win",
    "winning": "win",
    "lost": "los",
    "lose": "los",
    "loses": "los",
    "losing": "los",
    "bought": "buy",
    "sold": "sell",
    "grew": "grow",
    "grown": "grow",
    "shrank": "shrink",
    "shrunk": "shrink",
    "began": "begin",
    "begun": "begin",
    "left": "leav",
    "lent": "lend",
    "forgot": "forget",
    "forgotten": "forget",
    "died": "die",
    "dies": "die",
    "dying": "die",
    "deaths": "death",
    "men": "men",
    "women": "women",
    "better": "better",
    "worse": "worse",
    "best": "best",
    "worst": "worst",
    "children": "child",
    "people": "people",
    "paid": "pay",
    "said": "said",
    "told": "tell",
    "thought": "think",
    "made": "make",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "came": "come",
    "met": "meet",
    "led": "lead",
    "held": "hold",
    "kept": "keep",
    "sent": "send",
    "spent": "spend",
    "built": "build",
    "brought": "bring",
    "caught": "catch",
    "fought": "fight",
    "sought": "seek",
    "struck": "strike",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "chose": "choose",
    "chosen": "choose",
    "drove": "drive",
    "driven": "drive",
    "ran": "run",
    "saw": "see",
    "seen": "see",
    "knew": "know",
    "known": "know",
    "found": "find",
    "hit": "hit",
    "cut": "cut",
    "set": "set",
    "put": "put",
    "shut": "shut",
    "quit": "quit",
}

# Number words, read as their value.
NUMBER_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
# Words that scale the number before them ("2.5 million").
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bln": 1_000_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
}
# Places and the words for their people where no plain suffix leads from one to the other
# ("Sweden" / "Swedish", "Italy" / "Italian"); "Russia" / "Russian" needs no entry (see
# ``Passage.has_name``). A rule such as "a final vowel gives way to -ian" would also join
# "Julie" to "Julian", so the irregular pairs are listed.
_PLACE_ADJECTIVES = {
    "afghanistan": "afghan",
    "argentina": "argentine",
    "bangladesh": "bangladeshi",
    "britain": "british",
    "canada": "canadian",
    "chile": "chilean",
    "china": "chinese",
    "congo": "congolese",
    "cyprus": "cypriot",
    "czechia": "czech",
    "denmark": "danish",
    "england": "english",
    "finland": "finnish",
    "france": "french",
    "germany": "german",
    "greece": "greek",
    "hungary": "hungarian",
    "iceland": "icelandic",
    "ireland": "irish",
    "italy": "italian",
    "kazakhstan": "kazakh",
    "kenya": "kenyan",
    "kuwait": "kuwaiti",
    "lebanon": "lebanese",
    "malta": "maltese",
    "mexico": "mexican",
    "morocco": "moroccan",
    "netherlands": "dutch",
    "norway": "norwegian",
    "peru": "peruvian",
    "philippines": "filipino",
    "poland": "polish",
    "portugal": "portuguese",
    "qatar": "qatari",
    "scotland": "scottish",
    "slovakia": "slovak",
    "somalia": "somali",
    "spain": "spanish",
    "sudan": "sudanese",
    "sweden": "swedish",
    "switzerland": "swiss",
    "thailand": "thai",
    "turkey": "turkish",
    "ukraine": "ukrainian",
    "uzbekistan": "uzbek",
    "venezuela": "venezuelan",
    "wales": "welsh",
    "yemen": "yemeni",
}
PLACE_FORMS: dict[str, str] = {
    **_PLACE_ADJECTIVES,
    **{adjective: place for place, adjective in _PLACE_ADJECTIVES.items()},
}
"""A place -> its adjective, and the adjective -> the place."""
