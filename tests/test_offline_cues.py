"""One test per heuristic of the offline engine: each cue of ``CUES``, each rephrasing, and the
actor and stance rules, so that someone improving one sees what else moves."""

from __future__ import annotations

import pytest

from briefer.engines.offline import full_name
from briefer.engines.offline.actors import actor_key, clean_actor, last_organisation, last_person
from briefer.engines.offline.questions import CUES, find_cues, find_questions, to_question
from briefer.engines.offline.reactions import find_reaction, listed_form, tweet_reaction
from briefer.engines.offline.rephrasings import from_reported
from briefer.text.datelines import without_dateline
from briefer.text.names import starts_sentence, vocabulary
from briefer.text.sentences import Sentence, split_sentences
from briefer.text.stance import lexicon_stance

# (cue name, sentence, question it becomes): one row per cue, written for this table.
CUE_CASES = [
    (
        "not_yet",
        "The ministry has not confirmed whether the plant will close.",
        "Will the plant close?",
    ),
    ("yet_to", "The board has yet to approve the merger.", "Will the board approve the merger?"),
    (
        "remains_open",
        "It remains unclear when the bridge will reopen.",
        "When will the bridge reopen?",
    ),
    ("unclear", "It is not clear how many homes were flooded.", "How many homes were flooded?"),
    (
        "unknown",
        "The long-term safety of the drug is not known.",
        "What is the long-term safety of the drug?",
    ),
    ("unverified", "The video could not be independently verified, officials said.", None),
    (
        "no_comment",
        "A spokesperson for Alibaba declined to comment on the pricing.",
        "Will Alibaba comment on the pricing?",
    ),
    (
        "no_comment",
        "The governor's office did not immediately respond to a request for comment.",
        "Will the governor's office comment?",
    ),
    (
        "withheld",
        "The army is withholding the names of the dead until relatives are told.",
        "What are the names of the dead?",
    ),
    ("cause_unknown", "The cause of the fire is under investigation.", "What caused the fire?"),
    (
        "cause_unknown",
        "The death of the prisoner is under investigation.",
        "What will the investigation into the death of the prisoner find?",
    ),
    (
        "believed",
        "About 200 soldiers are believed to remain at the base.",
        "Is it confirmed that about 200 soldiers remain at the base?",
    ),
    (
        "believed",
        "The owner of the bar is said to be a former banker.",
        "Is it confirmed that the owner of the bar is a former banker?",
    ),
    ("threat", "The union threatened to strike next month.", "Will the union strike next month?"),
    (
        "threat",
        "The police have laid siege to the campus, pinning students inside and threatened to use"
        " live ammunition on them.",
        "Will the police use live ammunition on them?",
    ),
    (
        "no_comment",
        "Cam Heyward, who lobbied for a ban, did not offer a response when asked about the"
        " decision.",
        "Will Cam Heyward comment on the decision?",
    ),
    (
        "no_comment",
        "Both companies declined to comment on the assertion.",
        "Will both companies comment on the assertion?",
    ),
    (
        "reported",
        "The striker is leaving the club, according to people familiar with the talks.",
        "Is it confirmed that the striker is leaving the club?",
    ),
    (
        "expected",
        "Next month, the council is expected to vote on the budget.",
        "Will the council vote on the budget next month?",
    ),
    ("plans", "The club plans to appeal the ban.", "Will the club appeal the ban?"),
    (
        "pending",
        "The merger awaits approval from the competition regulator.",
        "What will come of approval from the competition regulator?",
    ),
    ("undecided", "No decision has been made on the route.", None),
    (
        "undecided",
        "He said the ship would arrive next year, but he gave no details on payment.",
        "What are the details on payment?",
    ),
    (
        "demand",
        "The doctors set a deadline of Tuesday for the agency to respond.",
        "Will the agency respond by the Tuesday deadline?",
    ),
    ("demand", "The union demanded a 5% pay rise.", "Will the union get a 5% pay rise?"),
    (
        "forecast",
        "Edmunds expects 16.6 million vehicles will be sold this year.",
        "Will 16.6 million vehicles be sold this year?",
    ),
    ("whether", "Officials would not say whether the talks will resume.", "Will the talks resume?"),
    (
        "risk",
        "The agency said the true death toll may be much higher.",
        "Could the true death toll be much higher?",
    ),
    ("conditional", "If approved, the tower would be the tallest in the city.", None),
    (
        "conditional",
        "The sale could raise $2bn if the option is exercised by the banks.",
        "Will the option be exercised?",
    ),
    (
        "unknown",
        "The status of the goalkeeper is uncertain for Sunday's final.",
        "What is the status of the goalkeeper?",
    ),
    (
        "not_yet",
        "While divers have not yet located the wreck, the search goes on.",
        "Have divers located the wreck?",
    ),
    (
        "nobody_knows",
        "No one knows just how much damage the storm will do to the harvest.",
        "How much damage will the storm do to the harvest?",
    ),
    (
        "nobody_knows",
        "“I can't speak to what the minister's motive was,” she said.",
        "What was the minister's motive?",
    ),
    (
        "nobody_knows",
        "The big question raised by the deal is what the new owners will do with the mill.",
        "What will the new owners do with the mill?",
    ),
    ("nobody_knows", "Someone shared it, but I couldn’t tell who or why.", None),
    (
        "to_be_announced",
        "The final price was to be announced later on Wednesday.",
        "What will the final price be?",
    ),
    (
        "urged",
        "The teachers urged the council to keep the library open.",
        "Will the council keep the library open?",
    ),
    ("urged", "The mayor urged the public not to panic.", None),
    (
        "possible_step",
        "She said an appeal against the ruling could be made to the supreme court.",
        "Will an appeal against the ruling be made to the supreme court?",
    ),
    (
        "outlet_report",
        "The Evening Herald reported on Monday that the mill is facing a tax inquiry.",
        "Is it confirmed that the mill is facing a tax inquiry?",
    ),
    (
        "claim",
        "The striker claims that he was never offered a new contract.",
        "Is it confirmed that the striker was never offered a new contract?",
    ),
    (
        "asked",
        "“Once the grant ends,” the head teacher asked, “who will pay for the bus to the school?”",
        "Who will pay for the bus to the school?",
    ),
    ("maybe", "The plan could work.", None),
]


def test_every_cue_has_a_case() -> None:
    assert {c.name for c in CUES} <= {name for name, _, _ in CUE_CASES}


@pytest.mark.parametrize(("name", "text", "question"), CUE_CASES)
def test_cue(name: str, text: str, question: str | None) -> None:
    assert name in [c.name for c in find_cues(text)]
    assert to_question(text, vocab=vocabulary(text)) == question


def test_one_pass_reports_the_stronger_of_two_cues_at_one_word() -> None:
    # "has not said" (3.0) and "has not ... been" share a start; both are the same cue.
    assert [c.name for c in find_cues("The club has not said whether he will stay.")][:1] == [
        "not_yet"
    ]


def test_a_player_who_did_not_return_is_not_a_request_for_comment() -> None:
    assert "no_comment" not in [c.name for c in find_cues("Kuzma left hurt and did not return.")]


def test_capitalised_title_words_are_not_forecast_verbs() -> None:
    assert not find_cues("Simpson, of the Refugees in Towns Project, told reporters.")


def test_question_keeps_names_and_lowercases_sentence_starts() -> None:
    article = "Construction contracts are signed. Tickets are on sale. Ms Hale met Acme Ltd."
    text = "Construction contracts are expected to be signed by Acme Ltd in May."
    question = to_question(text, vocab=vocabulary(article + " construction tickets"))
    assert question == "Will construction contracts be signed by Acme Ltd in May?"


def test_a_title_before_a_name_keeps_its_capital() -> None:
    article = "The president said so. Prince Andrew told friends the interview was a success."
    text = "Prince Andrew reportedly told friends that the interview was a success."
    question = to_question(text, vocab=vocabulary(article + " prince"))
    assert question is not None and "Prince Andrew" in question


def test_he_and_she_name_the_last_person() -> None:
    assert (
        to_question("He declined to say whether he would remain at the club.", person="Mr. Pyke")
        == "Would Mr. Pyke remain at the club?"
    )


def _reaction(text: str, person: str | None = None) -> tuple[str, set[str]] | None:
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), person)
    return (found.actor, found.stances) if found else None


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("“We will appeal,” said Jane Roe, a teacher at Gibson Southern.", "Jane Roe"),
        ("“Meth is a serious problem,” Noem tweeted Monday night.", "Noem"),
        ("According to the union, the deal is unacceptable.", "Union"),
        (
            "“We are clarifying the details,” the media source said on condition of anonymity.",
            "Media source",
        ),
        (
            "Cheuk Hau-yip, the commander of the district, said: “These rioters are criminals.",
            "Cheuk Hau-yip",
        ),
        (
            "Another diplomat, former envoy Kurt Volker, criticised the plan.",
            "Former envoy Kurt Volker",
        ),
        (
            "The video prompted some Twitter users to argue that it was a joke.",
            "Some Twitter users",
        ),
        ("“It will not work,” he said.", "Ann Lee"),
        (
            "A source inside the camp, a Syrian refugee who feared reprisals and asked not to be"
            " identified, said the claim is “absolutely not true.”",
            "Source inside the camp",
        ),
        (
            "Later, Kurt Volker, a former envoy, and Tim Morrison, an NSC aide, testified before"
            " the House Committee.",
            "Tim Morrison",
        ),
        (
            "HANOI, Vietnam (AP) — Defense Secretary Mark Esper on Wednesday accused China of"
            " coercion.",
            "Defense Secretary Mark Esper",
        ),
        (
            "Firms will pass the increase on, said Monica de Bolle, a fellow at the institute.",
            "Monica de Bolle",
        ),
        (
            "A ministry spokesperson who did not wish to be named because of agency policy said"
            " talks failed.",
            "Ministry spokesperson",
        ),
    ],
)
def test_actor_from_attribution(text: str, actor: str) -> None:
    found = _reaction(text, person="Ann Lee")
    assert found is not None and found[0] == actor


@pytest.mark.parametrize(
    "text",
    [
        "Natural language voice control is supported, too.",  # passive: no one reacted
        "Arachnophobic visitors are warned!",
        "A trade deal between the United States and China was supposed to be limited.",
        "Zach Parise’s two-goal performance Tuesday was praised by fans.",
    ],
)
def test_no_reaction_from_passives_names_or_things(text: str) -> None:
    assert _reaction(text) is None


@pytest.mark.parametrize(
    "raw",
    [
        "BUFFALO",
        "Ford will display its first SUV",
        "He’d fallen in love with a script",
        "Epstein Guards Charged Disney Accounts Hacked Hong Kong",
        "Zach Parise’s performance",
        "October",
        "Tuesday",
        "Student loan obligations in this country total $1.5 trillion",
        "Video footage shows security forces using firearms",
        "Others",
        "That the council",
        "the royal visitor calmly",
        "Only two Gulf",
        "Turning his car into Mill Lane",
        "Right now",
        "Either way",
        "Town - Verified phone footage",
        "Va.",
        "D.C.",
    ],
)
def test_clean_actor_refuses_what_is_not_a_party(raw: str) -> None:
    assert clean_actor(raw, None) is None


def test_possessive_actor_loses_its_ending() -> None:
    assert clean_actor("the We Company’s", None) == "We Company"


def test_ing_forms_of_stance_verbs_count() -> None:
    assert listed_form("warning") == "warned"
    assert listed_form("welcoming") == "welcomed"
    assert listed_form("adding") == "adding"  # "adding 2 miles" reports no view
    assert _reaction("Liu said the army could be deployed, warning of consequences.") == (
        "Liu",
        {"negative"},
    )


def test_negated_verb_flips_stance() -> None:
    assert _reaction("The union did not welcome the offer.") == ("Union", {"negative"})


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "Trump wants to leave, but General Mark Milley, chairman of the Joint Chiefs, "
            "told reporters that troops would stay.",
            "General Mark Milley",
        ),
        (
            "“It worked,” Dylan Nelson, a fellow at the institute in Munich, Germany, and "
            "co-author of the study, said.",
            "Dylan Nelson",
        ),
        ("“We are ready,” Taliban spokesman Zabihullah Mujahid said.", "Taliban"),
        ("Richardson, via USA Today, said that Rudolph asked for it.", "Richardson"),
    ],
)
def test_subject_behind_asides(text: str, actor: str) -> None:
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None
    assert actor in (found.actor, found.key.title())


def test_said_then_role_words_then_name() -> None:
    text = "The poles are wetter, said study co-author Anezina Solomonidou, a research fellow."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Anezina Solomonidou"


def test_according_to_a_survey_by_names_its_author() -> None:
    text = "According to a 2018 survey by Penelope Abernathy, the firm “cut the newsroom” first."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Penelope Abernathy"


def test_a_cafe_owner_whose_trade_collapsed_is_negative() -> None:
    text = "Ann Lee, who owns a café on the square, said her trade had collapsed since May."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Ann Lee" and found.stances == {"negative"}


@pytest.mark.parametrize(
    ("raw", "actor"),
    [
        ("Instagram declined", "Instagram"),
        ("The two leaders sidestepped tricky", "Two leaders"),
        ("armed police officers", "Armed police officers"),
    ],
)
def test_verbs_inside_actors(raw: str, actor: str) -> None:
    assert clean_actor(raw, None) == actor


@pytest.mark.parametrize(
    "text",
    [
        "It is unclear how large of a payload the company could carry.",
        "It is unclear whether water containers— like those bears use — could be moved.",
        "But it may grow into something bigger, people familiar with the talks say.",
        "The firm confirmed that it had been contacted by the office, which will reportedly"
        " focus on its founder.",
    ],
)
def test_no_question_from_clauses_that_do_not_parse(text: str) -> None:
    assert to_question(text) is None


def test_possessive_title_is_an_aside_and_negation_reaches_four_words() -> None:
    text = "“It didn't make me feel good,” Mayer, Disney’s chairman of streaming, said."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Mayer" and found.stances == {"negative"}


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "NASA is building a probe called Europa Clipper, which is scheduled to launch in 2024.",
            "Will Europa Clipper launch in 2024?",
        ),
        (
            "Plumes rise from Europa, which is thought to harbor a huge, salty ocean.",
            "Is it confirmed that Europa harbors a huge, salty ocean?",
        ),
        (
            "The Times reported that WeWork is preparing to cut 4,000 jobs.",
            "Will WeWork cut 4,000 jobs?",
        ),
        (
            "(Reuters) — The attorney general is investigating WeWork, according to two people "
            "familiar with the matter, adding to its problems.",
            "Is it confirmed that the attorney general is investigating WeWork?",
        ),
        (
            "Two people briefed on the talks said Trump has decided that a rollback requires "
            "deeper concessions from China.",
            "Is it confirmed that Trump has decided that a rollback requires deeper concessions "
            "from China?",
        ),
    ],
)
def test_relative_clauses_figures_and_datelines(text: str, question: str) -> None:
    assert to_question(text, vocab=vocabulary(text)) == question


def test_a_whether_clause_that_is_the_subject_ends_the_question() -> None:
    text = (
        "Scissors said whether Trump will agree to remove existing tariffs depends largely on "
        "whether he believes it will help him."
    )
    assert to_question(text, vocab=vocabulary(text)) == (
        "Will Trump agree to remove existing tariffs?"
    )


def test_reportedly_inside_a_clause_leaves_no_stray_comma() -> None:
    text = "During a search, investigators allegedly located heroin."
    assert to_question(text, vocab=vocabulary(text + " during")) == (
        "Is it confirmed that during a search, investigators located heroin?"
    )


def test_no_question_about_you() -> None:
    assert to_question("You could be surprised by the results.") is None


def test_the_group_is_the_organisation_last_named() -> None:
    assert last_organisation("Amnesty International said 106 people died.") == (
        "Amnesty International"
    )
    text = "The organization believes the real toll may be much higher."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None, "Amnesty International")
    assert found is not None and found.actor == "Amnesty International"


def test_the_council_is_not_the_group_last_named() -> None:
    text = "The council has not said how much it spent, officials said."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None, "Civic Alliance")
    assert found is None or found.actor != "Civic Alliance"


@pytest.mark.parametrize(
    "text",
    [
        "The Thunder missed an upset win over the Clippers in a close game.",
        "Oklahoma City lost, thanks to a late 3-pointer by Paul George.",
    ],
)
def test_adjectives_and_prepositions_are_not_reactions(text: str) -> None:
    assert find_reaction(Sentence(text, 0, len(text), 0, 0, False), None) is None


def test_a_name_after_a_sentence_opening_preposition_is_the_full_name() -> None:
    article = "To LeBron James, records are not a goal. “It is fun,” James said."
    assert full_name("James", article) == "LeBron James"
    article = "Maybe Instagram likes it that way. Instagram declined to say."
    assert full_name("Instagram", article) == "Instagram"


def test_a_role_before_a_name_is_not_part_of_it() -> None:
    article = "Co-founders Ana Ruiz and Ben Ode left. “It was time,” Ruiz said."
    assert full_name("Ruiz", article) == "Ana Ruiz"
    article = "Jean-Luc Ba spoke first. “We agree,” Ba said."
    assert full_name("Ba", article) == "Jean-Luc Ba"


def test_a_progressive_verb_is_not_a_passive() -> None:
    assert _reaction("The union is criticising the plan.") == ("Union", {"negative"})
    assert _reaction("Senators were praising the deal on Monday.") == ("Senators", {"positive"})
    assert _reaction("The plan was criticised by the union.") is None  # a passive: no actor


def test_pointed_to_cites_and_users_are_a_group_that_reacts() -> None:
    assert _reaction("Critics pointed to the cost of the plan.") == ("Critics", set())
    assert _reaction("The data pointed to a slowdown.") is None
    found = _reaction("Some social media users pointed to a blog post about her salary.")
    assert found is not None and found[0] == "Some social media users"


def test_ruled_out_rejects_and_declined_to_comment_is_a_neutral_answer() -> None:
    assert _reaction("The Afghan government has ruled out Taliban involvement.") == (
        "Afghan government",
        {"negative"},
    )
    assert _reaction("An Alibaba spokesperson declined to comment on the pricing.") == (
        "Alibaba spokesperson",
        set(),
    )
    assert _reaction("The court ruled that the ban was lawful.") is None
    assert _reaction("Sales declined to a record low.") is None


def test_things_named_with_an_article_are_not_people() -> None:
    assert last_person("Moira Tennant stood on the deck of the Good Intent.") == "Moira Tennant"
    assert last_person("Kids posed as a Go-Kart Track on the app.") is None


def test_someone_compared_with_is_not_who_she_is() -> None:
    known = {"Marsh": "Jenny Marsh", "Ode": "Amara Ode"}
    sentence = "She was more nervous about the race than Amara Ode has ever been."
    assert last_person(sentence, dict(known)) is None
    assert last_person("Unlike Ode, Marsh trained alone.", dict(known)) == "Jenny Marsh"
    assert last_person("Residents like Amara Ode said no.", dict(known)) == "Amara Ode"


def test_he_and_she_mean_a_person_named_a_few_sentences_before() -> None:
    from briefer import Article
    from briefer.engines.offline import OfflineEngine

    filler = " ".join(f"The app added feature number {n} this year." for n in range(8))
    text = (
        "Dana Kiel runs a bakery in town. Kids posed as a Go-Kart Track on the app. "
        f"{filler} “I was so worried about it,” she said."
    )
    briefing = OfflineEngine().brief(Article(title="Apps", text=text, source="t"))
    assert [r.actor for r in briefing.reactions] == []


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("“He’s just playing terrific basketball,” Vogel said.", {"positive"}),
        ("“The authorities must end this brutal crackdown,” said Philip Luther.", {"negative"}),
    ],
)
def test_stance_words(text: str, stance: set[str]) -> None:
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.stances == stance


def test_said_then_a_name_after_a_capitalised_clause() -> None:
    text = (
        "Rain falls everywhere on Titan, but the poles are wetter, said study co-author "
        "Anezina Solomonidou, a research fellow."
    )
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Anezina Solomonidou"


def test_an_embedded_tweet_is_its_authors_reaction() -> None:
    article = (
        "The state launched the campaign on Monday.\n"
        "What a terrible slogan. https://t.co/abc\n"
        "— Jane Roe 🌈 (@janeroe) November 18, 2019\n"
    )
    sentences = split_sentences(article)
    found = tweet_reaction(sentences[-1], sentences[:-1])
    assert found is not None and found.actor == "Jane Roe"
    assert found.text == "What a terrible slogan." and found.stances == {"negative"}


def test_a_threat_is_both_a_question_and_still_a_key_fact() -> None:
    from briefer import Article
    from briefer.engines.offline import OfflineEngine

    text = (
        "Students occupied the campus of Harbour University on Sunday. "
        "The police have laid siege to the campus, pinning 800 students inside, and threatened to"
        " use live ammunition on them. "
        "The university cancelled all classes for the week. "
        "Parents gathered at the gates through the night."
    )
    b = OfflineEngine().brief(Article(title="Campus siege", text=text, source="t"))
    assert any("live ammunition" in q.question for q in b.open_questions)
    assert any("800 students" in line for line in [b.bottom_line, *(f.text for f in b.key_facts)])


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (  # "which" after a short noun phrase stands for it
            "The brewery, which is expected to close two sites this year, posted a loss.",
            "Will the brewery close two sites this year?",
        ),
        (  # a second clause joined by ", and" has its own subject
            "Bids closed in May, and the council is expected to pick a builder by June.",
            "Will the council pick a builder by June?",
        ),
        (  # a circumstance that opens the sentence is not kept
            "With the river still rising, the army is likely to evacuate the valley.",
            "Will the army evacuate the valley?",
        ),
        (  # the predicate's clause ends before "when he ..."
            "The mayor is likely to face questions about the budget when he meets the board.",
            "Will the mayor face questions about the budget?",
        ),
        (  # the first use has no subject to ask about, the second one has
            "More rain and sleet is set to fall on the coast, with forecasters warning that the "
            "river is likely to flood the old town on Friday.",
            "Will the river flood the old town on Friday?",
        ),
    ],
)
def test_expected_subjects_behind_clauses(text: str, question: str) -> None:
    assert to_question(text, vocab=vocabulary(text)) == question


def test_an_examined_past_act_is_asked_without_reinflecting_its_verb() -> None:
    text = (
        "Auditors are examining whether the treasurer, Ann Lowe, moved funds to a private account."
    )
    assert to_question(text, vocab=vocabulary(text)) == (
        "Is it confirmed that the treasurer moved funds to a private account?"
    )
    irregular = "The inquiry will establish whether the club withheld wages from its staff."
    assert to_question(irregular, vocab=vocabulary(irregular)) == (
        "Is it confirmed that the club withheld wages from its staff?"
    )
    # "about whether" explains a case; a past act nobody is examining is no open question
    assert to_question("The case is about whether the board acted fairly.") is None


def test_no_details_on_how_is_the_how_question() -> None:
    text = "No details were given on how the new wards would be staffed."
    assert to_question(text, vocab=vocabulary(text)) == "How would the new wards be staffed?"


def test_outlet_names_and_report_forms() -> None:
    # a company reporting its results, or a wire credit at the end, is no outlet's claim
    assert "outlet_report" not in [c.name for c in find_cues("The bank reported that profit rose.")]
    assert not find_cues("The mill shut two lines, Reuters reported.")
    # "Deadline" the trade paper is not a deadline
    text = "Deadline reports that the studio is still working on a sequel."
    assert [c.name for c in find_cues(text)] == ["outlet_report"]
    assert to_question(text, vocab=vocabulary(text)) == (
        "Is it confirmed that the studio is still working on a sequel?"
    )


def test_a_name_joined_by_and_keeps_its_capitals() -> None:
    article = "Goods clear customs in May. Customs and Excise said so."
    text = "The Daily Post reported that Customs and Excise requires payment within a week."
    assert to_question(text, vocab=vocabulary(article + " " + text)) == (
        "Is it confirmed that Customs and Excise requires payment within a week?"
    )


def test_claims_that_end_where_their_clause_ends() -> None:
    text = "While some claimed that the mayor owns six houses, others put the figure at two."
    assert to_question(text, vocab=vocabulary(text)) == (
        "Is it confirmed that the mayor owns six houses?"
    )
    # "he" is the speaker, when the speaker is a noun phrase; else about whom, who can tell
    assert to_question("The guard later claimed that he saw nothing.") == (
        "Is it confirmed that the guard saw nothing?"
    )
    assert to_question("Later, he claimed that he saw nothing.") is None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "Critics claim that the new bypass will double traffic in the village.",
            "Will the new bypass double traffic in the village?",
        ),
        (
            "Opponents allege that the council ignored the flood survey.",
            "Is it confirmed that the council ignored the flood survey?",
        ),
        (
            "Officials assert that the footbridge is safe for another decade.",
            "Is it confirmed that the footbridge is safe for another decade?",
        ),
        (
            "Police allege the driver was using a phone at the time.",
            "Is it confirmed that the driver was using a phone at the time?",
        ),
        # "they" is a plural speaker, as "he" is a singular one; "he" is someone else
        (
            "The residents claim that they were never consulted about the phone mast.",
            "Is it confirmed that the residents were never consulted about the phone mast?",
        ),
        ("Critics claim that he misled the board about the costs.", None),
    ],
)
def test_a_plural_party_claims_as_a_single_one_does(text: str, question: str | None) -> None:
    assert "claim" in [c.name for c in find_cues(text)]
    assert to_question(text, vocab=vocabulary(text)) == question


@pytest.mark.parametrize(
    "text",
    [
        "The ministry's claim that the dam is safe was disputed.",
        "The ministry’s claim that the dam is safe was disputed.",
        "His claim that the dam is safe was disputed.",
        "This claim that the dam is safe was disputed.",
    ],
)
def test_the_noun_claim_is_no_party_claiming(text: str) -> None:
    assert "claim" not in [c.name for c in find_cues(text)]


def test_quoted_questions_about_you_us_or_an_unnamed_it_are_not_asked() -> None:
    assert to_question("“Could it live in the ice?” the biologist asked.") is None
    assert to_question("She asked, “What will you do with the money?”") is None


def test_a_party_that_expects_to_act() -> None:
    text = "Ms Adler has said that she expects to open two more shops next year."
    assert to_question(text, vocab=vocabulary(text)) == (
        "Will Ms Adler open two more shops next year?"
    )
    # not expected, or only on a condition: nothing to ask
    assert to_question("The firm didn't expect to sell many.") is None
    assert to_question("They must act if they expect to stay open.") is None


def test_a_second_clause_with_its_own_open_point_raises_its_own_question() -> None:
    text = (
        "The army did not reveal the site of the crash and said it was withholding the names "
        "of the crew until their families were told."
    )
    sentence = Sentence(text, 0, len(text), 0, 0, False)
    questions = [c.question for c in find_questions(sentence, vocab=vocabulary(text))]
    assert questions == [
        "Did the army reveal the site of the crash?",
        "What are the names of the crew?",
    ]
    # one clause, one question
    single = "The army did not reveal the site of the crash."
    assert len(find_questions(Sentence(single, 0, len(single), 0, 0, False))) == 1


def test_a_claim_about_what_will_happen_is_asked_as_such() -> None:
    text = "The report claims the new stand will hold 9,000 fans."
    assert to_question(text, vocab=vocabulary(text)) == "Will the new stand hold 9,000 fans?"
    # "the board thought the plan" is a clause, not the subject of "would"
    other = "She claimed the board thought the plan would fail."
    assert to_question(other, vocab=vocabulary(other)) == (
        "Is it confirmed that the board thought the plan would fail?"
    )


def test_a_claim_is_both_a_question_and_still_a_key_fact() -> None:
    from briefer import Article
    from briefer.engines.offline import OfflineEngine

    text = (
        "The Harbour Mill closed its doors on Friday after 120 years. "
        "The owner claims that the council blocked a rescue deal worth £4m. "
        "Workers gathered at the gates through the night. "
        "The mill employed 300 people at its peak."
    )
    b = OfflineEngine().brief(Article(title="Mill closes", text=text, source="t"))
    assert any("rescue deal" in q.question for q in b.open_questions)
    assert any("rescue deal" in line for line in [b.bottom_line, *(f.text for f in b.key_facts)])


def test_names_ranks_and_the_state_are_parties() -> None:
    assert clean_actor("Oklahoma City coach Billy Donovan", None) == (
        "Oklahoma City coach Billy Donovan"
    )
    assert clean_actor("12th-ranked Okafor", None) == "Okafor"
    assert clean_actor("U.S.", None) == "U.S."


def test_whom_a_party_told_is_not_the_party() -> None:
    text = "“We cannot wait,” Dr. Ama Owusu, a member of the group, told the Evening Herald."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Dr. Ama Owusu"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "not only ... but also" praises twice; it negates nothing
        ("It is not only important but also really cool, the curator said.", "positive"),
        ("“It is not important,” the curator said.", "negative"),
        # a phrase with "well" is positive, "as well" is not
        ("“We played well in the second half,” the coach said.", "positive"),
        ("“We want the cup as well,” the coach said.", "neutral"),
        # a stance only conceded, then not carried on, is mixed
        ("“While certainly a disappointing quarter, we note the hurricane,” she wrote.", "mixed"),
        ("“While a disappointing quarter, it was a terrible year,” she wrote.", "negative"),
        # a problem that can be solved; a city not doomed
        ("“The problem can be solved,” the professor said.", "mixed"),
        ("“The town is not doomed,” the professor said.", "positive"),
    ],
)
def test_stance_phrases_negation_and_concession(text: str, stance: str) -> None:
    assert lexicon_stance(text) == stance


def test_curly_apostrophe_negates_and_not_a_single_reaches_the_noun() -> None:
    assert lexicon_stance("“That didn’t make me feel good,” she said.") == "negative"
    assert lexicon_stance("“There hasn’t been a single year of revenue gain,” he said.") == (
        "negative"
    )


@pytest.mark.parametrize(
    ("text", "actor", "stance"),
    [
        (  # a speaker reporting a feeling
            "Ms Varga hinted that the club was pleased with the new stand.",
            "Ms Varga",
            {"positive"},
        ),
        (  # the party of an object relative clause
            "The mill will close with a payout that Unite leader Dara Kemp condemned as unfair.",
            "Unite leader Dara Kemp",
            {"negative"},
        ),
    ],
)
def test_speakers_behind_that(text: str, actor: str, stance: set[str]) -> None:
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == actor and found.stances == stance


def test_alleging_that_is_an_accusation_and_alleged_alone_is_not() -> None:
    text = "The residents are alleging that the landlord ignored repairs for years."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Residents" and found.stances == {"negative"}
    other = "The court heard of the alleged assault victims in the town."
    assert find_reaction(Sentence(other, 0, len(other), 0, 0, False), None) is None
    curly = "The union didn’t welcome the plan."
    found = find_reaction(Sentence(curly, 0, len(curly), 0, 0, False), None)
    assert found is not None and found.stances == {"negative"}


def test_report_by_an_outlet_and_a_second_infinitive_are_cut() -> None:
    text = "The singer is unhappy with her label, according to a new report by The Daily Post."
    assert to_question(text, vocab=vocabulary(text)) == (
        "Is it confirmed that the singer is unhappy with her label?"
    )
    plan = "The mission aims to land a rover by 2026 and to build a base by 2030."
    assert to_question(plan, vocab=vocabulary(plan)) == "Will the mission land a rover by 2026?"


def test_a_quote_opened_curly_and_closed_straight_still_ends() -> None:
    text = (
        "“Winter is a popular time for new boilers,\" Ana Reyes, Heatworks' head of sales, "
        "said in a statement."
    )
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Ana Reyes" and found.stances == {"positive"}
    assert lexicon_stance("“We look forward to the season,” she said.") == "positive"


def test_how_a_thing_is_said_carries_no_stance_and_straight_opened_quotes_end() -> None:
    assert lexicon_stance("“I can say with confidence that the fund is empty,” he said.") == (
        "neutral"
    )
    assert lexicon_stance("“We acted in good faith,” she said.") == "neutral"
    assert lexicon_stance("“It was a good result,” she said.") == "positive"
    text = '"We asked, well, on whose authority?” said Lena Hale, who testifies today.'
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Lena Hale"


def test_a_tweet_of_several_lines_is_read_whole() -> None:
    article = (
        "The mayor posted a message about the smoke on Friday.\n"
        "Our town has become a toxic cloud because of the fires up the valley\n"
        "Please keep windows shut tonight\n"
        "Stay indoors pic.twitter.com/abc\n"
        "— Ana Bell (@anabell) November 1, 2019\n"
    )
    sentences = split_sentences(article)
    found = tweet_reaction(sentences[-1], sentences[:-1])
    assert found is not None and found.actor == "Ana Bell" and found.stances == {"negative"}
    assert found.text.startswith("Our town has become a toxic cloud")
    # the article's paragraph before the tweet (it ends with a full stop) is not the tweet
    assert tweet_reaction(sentences[-1], []) is None


def test_an_acronym_before_a_name_is_not_part_of_it() -> None:
    text = (
        "VOA Pentagon correspondent Ann Lee asked. The Pentagon said no. "
        "US President Joe Hart spoke."
    )
    assert full_name("Pentagon", text) == "Pentagon"
    assert full_name("Hart", text) == "US President Joe Hart"


def test_the_statement_is_of_whoever_last_spoke_in_one() -> None:
    from briefer import Article
    from briefer.engines.offline import OfflineEngine

    text = (
        "Two workers were hurt at the Harbour Mill, the Port Authority said in a statement on "
        "Monday. “The cause of the fire is under investigation,” the statement said. "
        "The mill will stay shut this week. Roads nearby were closed for an hour."
    )
    b = OfflineEngine().brief(Article(title="Mill fire", text=text, source="t"))
    said = [r for r in b.reactions if r.actor == "Port Authority"]
    assert said and any("under investigation" in q.text for q in said[0].evidence)


def test_a_group_reaction_to_something_and_roles_after_a_name() -> None:
    text = "Across the county, the public reaction to the plan was a wave of disgust."
    found = find_reaction(Sentence(text, 0, len(text), 0, 0, False), None)
    assert found is not None and found.actor == "Public" and found.stances == {"negative"}
    # "Syrian refugee" is not "the Syrian defense ministries"
    assert actor_key("Syrian refugee") != actor_key("Russian and Syrian defense ministries")


def test_acronyms_in_brackets_it_after_said_and_titles_with_a_stop() -> None:
    text = "The ban is automatic, although the Rowing Federation (RF) has not confirmed its length."
    assert to_question(text, vocab=vocabulary(text)) == (
        "Has the Rowing Federation confirmed its length?"
    )
    plan = "Harbour Foods said it plans to open a second plant in 2027."
    assert to_question(plan, vocab=vocabulary(plan)) == (
        "Will Harbour Foods open a second plant in 2027?"
    )
    pyke = "Mr. Hale, whose contract ends in June, declined to say whether he would stay."
    article = pyke + " The club may sign a new coach. Mr and Mrs Smith came."
    assert to_question(pyke, vocab=vocabulary(article + " mr")) == "Would Mr. Hale stay?"


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        (
            "HANOI, Vietnam (AP) — Defense Secretary Mark Esper said",
            "Defense Secretary Mark Esper said",
        ),
        ("Vietnam (AP) — Mark Esper", "Mark Esper"),  # what is left of it after a comma
        ("SAN FRANCISCO (CNN Business) — Apple said", "Apple said"),
        ("BERLIN (dpa) - The minister", "The minister"),
        ("(CNN) — Police said", "Police said"),
        ("MOSCOW (Interfax) — Officials said", "Officials said"),
        ("LONDON (Herald) — The council", "LONDON (Herald) — The council"),  # a paper, no agency
        ("The U.N. (United Nations) — agency", "The U.N. (United Nations) — agency"),
        ("Officials (who declined) - said", "Officials (who declined) - said"),
        (
            "The World Health Organization (WHO) — long a target",
            "The World Health Organization (WHO) — long a target",
        ),
    ],
)
def test_a_wire_dateline_is_not_part_of_a_sentence(text: str, rest: str) -> None:
    assert without_dateline(text) == rest


def test_a_dateline_is_neither_the_party_nor_the_claim_asked_about() -> None:
    assert clean_actor("HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper", None) == (
        "U.S. Defense Secretary Mark Esper"
    )


def test_a_report_under_a_dateline_is_asked_without_it() -> None:
    question = from_reported("HANOI, Vietnam (AP) — China reportedly deployed missiles.")
    assert question is not None and question.startswith("is it confirmed that China deployed")


def test_a_word_opens_a_sentence_after_an_end_mark_a_quote_mark_or_a_new_line() -> None:
    text = "He left. “Great work,” she said.\nSupport grew for Fair Trade Group."
    assert starts_sentence(text, 0) and starts_sentence(text, text.index("Great"))
    assert starts_sentence(text, text.index("Support"))
    assert not starts_sentence(text, text.index("Fair"))


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("They didn't do well this season.", "negative"),
        ("We do not look forward to the talks.", "negative"),
        ("They did well this season.", "positive"),
    ],
)
def test_a_negated_stance_phrase_turns_its_stance(text: str, stance: str) -> None:
    assert lexicon_stance(text) == stance


def test_a_report_credited_to_an_outlet_keeps_its_claim() -> None:
    question = from_reported("According to a report by Bloomberg the company will cut 500 jobs.")
    assert question == "is it confirmed that the company will cut 500 jobs."


def test_a_noun_ending_in_ly_is_no_manner_adverb() -> None:
    from briefer.engines.offline.actors import not_a_party

    assert not not_a_party("the rally organisers".split())
    assert not_a_party("the royal blankly".split())


def _reaction_actors(text: str) -> dict[str, str]:
    """Each reaction's first quote -> its actor, in the offline engine's briefing of ``text``."""
    from briefer import Article, brief

    briefing = brief(Article(title="Test", text=text, source="test"), engine="offline")
    return {q.text: r.actor for r in briefing.reactions for q in r.evidence}


def test_a_quoted_title_is_not_speech() -> None:
    sentence = (
        "The Shale Brothers announced the tour while closing their show, which ended on "
        "“Black River Road,” their first single."
    )
    assert find_reaction(Sentence(sentence, 0, len(sentence), 0, 0, False), None) is None


def test_a_surname_alone_names_a_person_met_before() -> None:
    text = (
        "Singers Ana Lopes and Ben Ode will tour with drummer Cal Reyes next year.\n"
        "The band closed its show in Leeds on Friday. Ode sang first, then Lopes joined "
        "Reyes’s solo. “We have waited years for this night,” she said."
    )
    actors = _reaction_actors(text)
    assert actors["“We have waited years for this night,” she said."] == "Ana Lopes"


def test_he_said_after_a_sentence_opening_on_a_person_is_that_person() -> None:
    text = (
        "Tim Moor, a former official, testified beside envoy Kurt Vale on Tuesday.\n"
        "Moor was the third witness to hear the call with President Ana Silva. He said he "
        "was not worried about the call, but feared political fallout from leaks."
    )
    actors = _reaction_actors(text)
    quote = "He said he was not worried about the call, but feared political fallout from leaks."
    assert actors[quote] == "Tim Moor"
