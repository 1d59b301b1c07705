"""Every word revpack prints of its own, by language: labels, headings, instructions, A-Z.

A pack's `language:` (BCP 47: en, fr, de, es, ru) picks a column of `LABELS`; its
`labels:` mapping replaces any single entry. Month and season names are in
`dates.WORDS`, keyed the same way. A label may hold ``{title}``, ``{page}``,
``{author}``, ``{n}`` or ``{total}``, filled in where it prints (by plain replacement,
so a label's braces never run code).

A-Z order is the Unicode Collation Algorithm (`pyuca`, pure Python, the DUCET
table): accented Latin letters sort in place (é with e, ß with ss), Cyrillic in the
order of its alphabet (А-Я, Ё with Е), and a heading letter is the entry's first
letter without its accent (Й keeps its own heading, as in Russian dictionaries).
A language's own letters are tailored in (`OWN_LETTERS`): Spanish ñ sorts after n
and heads its own section.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LANGUAGES = ("en", "fr", "de", "es", "ru")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        # the sheets (views), as bookmarks, contents entries and footers name them
        "summary_sheet": "Summary sheet",
        "comparisons": "Comparisons",
        "timeline": "Timeline",
        "blank_recall": "Blank recall",
        "cloze": "Cloze",
        "cloze_answers": "Cloze answers",
        "cloze_answer_key": "Cloze answer key",
        # the summary sheet's panels
        "key_dates": "Key dates",
        "key_terms": "Key terms",
        "key_people": "Key people",
        "key_figures": "Key figures",
        "diagrams": "Diagrams",
        "figure_n": "Figure {n}",
        "quotes": "Quotes",
        "interpretations": "Interpretations",
        # cloze sheets and keys
        "word_bank": "Word bank",
        "cloze_intro": "**Fill the gaps.** Write the word that fills each numbered gap; use each word in the bank "
                       "once (or as often as it says).",
        "cloze_intro_keyed": "Answers: the answer key for \u201c{title}\u201d.",
        "key_list_intro": "**Answer key.** The answers to the cloze sheet\u2019s gaps, by number (the gaps are "
                          "numbered in reading order).",
        "key_filled_intro": "**Answer key.** The words that fill the gaps on the cloze sheet are underlined.",
        # blank recall sheets
        "brain_dump": "Brain dump",
        "exam_practice": "Exam practice",
        "terms_hint": "Write what each term means",
        "people_hint": "Who were they, and what did they do?",
        "dates_hint": "Fill in the event or the date",
        "cells_hint": "Fill in every cell",
        "check_answers": "Check your answers against the summary sheet for \u201c{title}\u201d.",
        "plan_hint": "Plan your answer here, then write it in full on lined paper.",
        "exam_intro": "Answer each question in the lines below it; the marks show how much to write.",
        "extract_summary": "A summary of the argument of {source}",
        "extract_quoted": "{source} (quoted)",
        "recall_level_1": "Finish each point from its first words.",
        "recall_level_2": "Write down everything you remember under each heading.",
        "recall_level_3": "Write down everything you know about this topic.",
        "key_term": "Key term",
        "what_it_means": "What it means",
        "person": "Person",
        "who_they_were": "Who they were",
        "date": "Date",
        "event": "Event",
        # cards
        "card_qa": "Question",
        "card_sections": "Recall the key points",
        "card_terms": "Key term: what does it mean?",
        "card_dates": "Key date: what happened?",
        "card_people": "Key person: who were they?",
        "card_count": "{n} of {total}",
        "box": "Box",
        # the pack
        "continued": "(cont.)",
        "answers_page": "Answers: page {page}",
        "blank_page": "This page is intentionally blank",
        "cover": "Cover",
        "contents": "Contents",
        "in_this_pack": "In this pack",
        "notes_by": "Notes by {author}",
        "chronology": "Chronology",
        "chronology_blurb": "Every event of every topic, in date order: a year or a month before the dates inside "
                            "it; an event several topics tell alike, once.",
        "glossary": "Glossary",
        "glossary_blurb": "Every key term once, A to Z, with the pages that explain it; where topics define "
                          "it differently, each definition follows its topic\u2019s number.",
        "people_blurb": "Everyone in the pack once, A to Z by surname: who they were, with the pages where "
                        "the topics name them.",
        "cut_out_cards": "Cut-out cards",
        "cloze_answer_keys": "Cloze answer keys",
        # the timeline sheet
        "timeline_empty": "This topic has no dated events to draw: its file has no timeline entries.",
        "timeline_how": "Time runs down the page; a dashed spine skips years with no events.",
        "points_one": "{n} point",
        "points_many": "{n} points",
        "headings_one": "{n} heading",
        "headings_many": "{n} headings",
        "to_find": "{points} to find, under {headings}",
        "marks_one": "[{n} mark]",
        "marks_many": "[{n} marks]",
        "recall_level": "Blank recall, level {level}.",
        "timeline_bars": "Bars beside the spine, named along their length, show events that lasted longer than a year.",
        "sheet_topic": "Topic {n}",
        "page_ref_one": "p. {n}",
        "page_ref_many": "pp. {n}",
        "topic_ref_one": "Topic {n}",
        "topic_ref_many": "Topics {n}",
        "sheet_topics": "Topics {first}\u2013{last}",
        "sheet_of": "sheet {n} of {total}",
        "fronts": "fronts",
        "backs": "backs",
        "fold_note": "Cut out each pair; fold on the dashes",
        "pass_1": "Pass 1 of 2: fronts",
        "pass_2": "Pass 2: backs, last sheet first",
        "flip_long": "Two-sided, flip on long edge",
        "flip_short": "Two-sided, flip on short edge",
        # the Leitner how-to page and the printer calibration sheet (revpack cards)
        "leitner_title": "Revising with your cards: the Leitner boxes",
        "leitner_intro": "Every card has five small boxes on its back. They record how well you know it, so you spend your time on the cards you do not know yet.",
        "leitner_how": "How it works",
        "leitner_step_1": "Find five envelopes or boxes and number them 1 to 5. Every new card starts in **Box 1**.",
        "leitner_step_2": "Revise **Box 1** every day, **Box 2** every 2 days, **Box 3** twice a week, **Box 4** once a week and **Box 5** every two weeks.",
        "leitner_step_3": "Read the front, say or write your answer, then turn the card over like a page and check.",
        "leitner_step_4": "**Right**: move the card up one box and tick that box on the back. **Wrong**: the card goes back to Box 1, however far it had got.",
        "leitner_step_5": "A card that has reached Box 5 and is right again is learnt: keep it for a last check before the exam.",
        "leitner_step_6": "Lots of ticks in the low boxes mark a hard card: rewrite it in your own words, or split it in two.",
        "leitner_printing": "Printing and cutting",
        "print_step_1": "Print at **actual size (100%)**, never *fit to page*, or the backs will not line up.",
        "print_step_2": "Two-sided printer: choose the flip the sheets say (*flip on long edge* unless you chose otherwise).",
        "print_step_3": "No two-sided printer: print the fronts, put the stack back in the tray, turn it over side to side and print the backs; or print with *--fold* and fold each card.",
        "print_step_4": "Cut along the marks in the margin: each mark lines up with a card edge.",
        "calibration_front": "Printer calibration: FRONT \u2191 this way up",
        "calibration_back": "Printer calibration: BACK \u2191 this way up",
        "calibration_front_1": "Print this two-page sheet at actual size (100%), not fit to page: {flip}.",
        "calibration_front_2": "Then hold it up to a light and look at the back: both arrows must point the same way (if not, choose the other flip). Each line below continues on the back.",
        "calibration_back_1": "Find the line on this side that meets its line on the front end to end.",
        "calibration_back_2": "Its number (mm) is your offset: the row of upright lines gives --offset-x, the column of level lines --offset-y.",
        "calibration_back_3": "Then print:  revpack cards --offset-x X --offset-y Y   (and this sheet again: the 0 lines meet).",
        "digits": "0-9",
    },
    "fr": {
        "summary_sheet": "Fiche de synthèse",
        "comparisons": "Comparaisons",
        "timeline": "Frise chronologique",
        "blank_recall": "Restitution",
        "cloze": "Texte à trous",
        "cloze_answers": "Corrigé du texte à trous",
        "cloze_answer_key": "Corrigé",
        "key_dates": "Dates clés",
        "key_terms": "Notions clés",
        "key_people": "Personnages clés",
        "key_figures": "Chiffres clés",
        "diagrams": "Schémas",
        "figure_n": "Figure {n}",
        "quotes": "Citations",
        "interpretations": "Interprétations",
        "word_bank": "Banque de mots",
        "cloze_intro": "**Complétez les trous.** Écrivez le mot qui remplit chaque trou numéroté ; utilisez chaque "
                       "mot de la banque une fois (ou autant de fois qu\u2019indiqué).",
        "cloze_intro_keyed": "Réponses : le corrigé de « {title} ».",
        "key_list_intro": "**Corrigé.** Les réponses aux trous du texte, par numéro (les trous sont numérotés dans "
                          "l\u2019ordre de lecture).",
        "key_filled_intro": "**Corrigé.** Les mots qui remplissent les trous sont soulignés.",
        "brain_dump": "Tout ce que je sais",
        "exam_practice": "Entraînement à l\u2019examen",
        "terms_hint": "Écrivez le sens de chaque notion",
        "people_hint": "Qui étaient-ils, et qu\u2019ont-ils fait ?",
        "dates_hint": "Complétez l\u2019événement ou la date",
        "cells_hint": "Complétez chaque case",
        "check_answers": "Vérifiez vos réponses avec la fiche de synthèse « {title} ».",
        "plan_hint": "Faites ici le plan de votre réponse, puis rédigez-la sur une feuille lignée.",
        "exam_intro": "Répondez à chaque question sur les lignes en dessous\u00a0; le barème indique la longueur attendue.",
        "extract_summary": "Résumé de la thèse de {source}",
        "extract_quoted": "{source} (citation)",
        "recall_level_1": "Terminez chaque point à partir de ses premiers mots.",
        "recall_level_2": "Écrivez tout ce dont vous vous souvenez sous chaque titre.",
        "recall_level_3": "Écrivez tout ce que vous savez sur ce thème.",
        "key_term": "Notion",
        "what_it_means": "Ce qu\u2019elle signifie",
        "person": "Personnage",
        "who_they_were": "Qui il était",
        "date": "Date",
        "event": "Événement",
        "card_qa": "Question",
        "card_sections": "Retrouvez les points clés",
        "card_terms": "Notion clé : que signifie-t-elle ?",
        "card_dates": "Date clé : que s\u2019est-il passé ?",
        "card_people": "Personnage clé : qui était-ce ?",
        "card_count": "{n} sur {total}",
        "box": "Boîte",
        "continued": "(suite)",
        "answers_page": "Réponses : page {page}",
        "blank_page": "Page laissée blanche intentionnellement",
        "cover": "Couverture",
        "contents": "Sommaire",
        "in_this_pack": "Dans ce dossier",
        "notes_by": "Notes de {author}",
        "chronology": "Chronologie",
        "chronology_blurb": "Chaque événement de chaque thème, dans l\u2019ordre des dates : une année ou un mois "
                            "avant les dates qu\u2019il contient ; un événement raconté par plusieurs thèmes, une fois.",
        "glossary": "Glossaire",
        "glossary_blurb": "Chaque notion clé une fois, de A à Z, avec les pages qui l\u2019expliquent ; si "
                          "des thèmes la définissent autrement, chaque définition suit le numéro de son "
                          "thème.",
        "people_blurb": "Tous les personnages du dossier, de A à Z par nom : qui ils étaient, avec les "
                        "pages où les thèmes les citent.",
        "cut_out_cards": "Cartes à découper",
        "cloze_answer_keys": "Corrigés des textes à trous",
        "timeline_empty": "Ce thème n\u2019a aucun événement daté à placer : son fichier n\u2019a pas de frise.",
        "timeline_how": "Le temps descend la page ; un axe en pointillés saute les années sans événement.",
        "points_one": "{n} point",
        "points_many": "{n} points",
        "headings_one": "{n} titre",
        "headings_many": "{n} titres",
        "to_find": "{points} à retrouver, sous {headings}",
        "marks_one": "[{n} point]",
        "marks_many": "[{n} points]",
        "recall_level": "Restitution, niveau {level}.",
        "timeline_bars": "Les barres le long de l\u2019axe, nommées sur leur longueur, montrent les événements de plus d\u2019un an.",
        "sheet_topic": "Thème {n}",
        "page_ref_one": "p. {n}",
        "page_ref_many": "p. {n}",
        "topic_ref_one": "Thème {n}",
        "topic_ref_many": "Thèmes {n}",
        "sheet_topics": "Thèmes {first}\u2013{last}",
        "sheet_of": "feuille {n} sur {total}",
        "fronts": "recto",
        "backs": "verso",
        "fold_note": "Découpez chaque paire ; pliez sur les tirets",
        "pass_1": "Passage 1 sur 2 : recto",
        "pass_2": "Passage 2 : verso, dernière feuille d\u2019abord",
        "flip_long": "Recto verso, retourner sur le bord long",
        "flip_short": "Recto verso, retourner sur le bord court",
        # the Leitner how-to page and the printer calibration sheet (revpack cards)
        "leitner_title": "Réviser avec ses cartes\u00a0: les boîtes de Leitner",
        "leitner_intro": "Chaque carte porte cinq petites cases au verso. Elles notent à quel point vous la connaissez, pour que vous passiez votre temps sur les cartes que vous ne savez pas encore.",
        "leitner_how": "Comment ça marche",
        "leitner_step_1": "Prenez cinq enveloppes ou boîtes et numérotez-les de 1 à 5. Toute nouvelle carte commence dans la **boîte 1**.",
        "leitner_step_2": "Révisez la **boîte 1** chaque jour, la **boîte 2** tous les deux jours, la **boîte 3** deux fois par semaine, la **boîte 4** une fois par semaine et la **boîte 5** toutes les deux semaines.",
        "leitner_step_3": "Lisez le recto, dites ou écrivez votre réponse, puis tournez la carte comme une page et vérifiez.",
        "leitner_step_4": "**Juste**\u00a0: la carte monte d’une boîte et vous cochez cette case au verso. **Faux**\u00a0: la carte retourne dans la boîte 1, où qu’elle en soit.",
        "leitner_step_5": "Une carte arrivée dans la boîte 5 et encore juste est apprise\u00a0: gardez-la pour une dernière révision avant l’examen.",
        "leitner_step_6": "Beaucoup de coches dans les premières boîtes signalent une carte difficile\u00a0: réécrivez-la avec vos mots, ou coupez-la en deux.",
        "leitner_printing": "Impression et découpe",
        "print_step_1": "Imprimez en **taille réelle (100\u00a0%)**, jamais *ajusté à la page*, sinon les versos ne tomberont pas en face.",
        "print_step_2": "Imprimante recto verso\u00a0: choisissez le retournement indiqué sur les feuilles (*bord long* sauf choix contraire).",
        "print_step_3": "Sans impression recto verso\u00a0: imprimez les rectos, remettez la pile dans le bac en la retournant de gauche à droite et imprimez les versos\u00a0; ou imprimez avec *--fold* et pliez chaque carte.",
        "print_step_4": "Découpez le long des repères de la marge\u00a0: chaque repère est aligné sur un bord de carte.",
        "calibration_front": "Calibrage de l’imprimante\u00a0: RECTO \u2191 ce côté en haut",
        "calibration_back": "Calibrage de l’imprimante\u00a0: VERSO \u2191 ce côté en haut",
        "calibration_front_1": "Imprimez cette feuille de deux pages en taille réelle (100\u00a0%), non ajustée à la page\u00a0: {flip}.",
        "calibration_front_2": "Regardez-la ensuite devant une lampe, côté verso\u00a0: les deux flèches doivent pointer dans le même sens (sinon, choisissez l’autre retournement). Chaque trait ci-dessous se prolonge au verso.",
        "calibration_back_1": "Trouvez le trait de cette face qui prolonge exactement son trait du recto.",
        "calibration_back_2": "Son nombre (mm) est votre décalage\u00a0: la rangée de traits verticaux donne --offset-x, la colonne de traits horizontaux --offset-y.",
        "calibration_back_3": "Imprimez ensuite\u00a0:  revpack cards --offset-x X --offset-y Y   (et cette feuille à nouveau\u00a0: les traits 0 se rejoignent).",
        "digits": "0-9",
    },
    "de": {
        "summary_sheet": "Zusammenfassung",
        "comparisons": "Vergleiche",
        "timeline": "Zeitleiste",
        "blank_recall": "Abrufübung",
        "cloze": "Lückentext",
        "cloze_answers": "Lückentext: Lösungen",
        "cloze_answer_key": "Lösungen",
        "key_dates": "Wichtige Daten",
        "key_terms": "Fachbegriffe",
        "key_people": "Wichtige Personen",
        "key_figures": "Wichtige Zahlen",
        "diagrams": "Abbildungen",
        "figure_n": "Abbildung {n}",
        "quotes": "Zitate",
        "interpretations": "Deutungen",
        "word_bank": "Wortspeicher",
        "cloze_intro": "**Fülle die Lücken.** Schreibe in jede nummerierte Lücke das passende Wort; nutze jedes "
                       "Wort aus dem Wortspeicher einmal (oder so oft, wie angegeben).",
        "cloze_intro_keyed": "Lösungen: die Lösungen zu \u201e{title}\u201c.",
        "key_list_intro": "**Lösungen.** Die Antworten zu den Lücken, nach Nummer (die Lücken sind in Leserichtung "
                          "nummeriert).",
        "key_filled_intro": "**Lösungen.** Die Wörter, die die Lücken füllen, sind unterstrichen.",
        "brain_dump": "Alles, was ich weiß",
        "exam_practice": "Prüfungsvorbereitung",
        "terms_hint": "Schreibe auf, was jeder Begriff bedeutet",
        "people_hint": "Wer waren sie, und was haben sie getan?",
        "dates_hint": "Ergänze das Ereignis oder das Datum",
        "cells_hint": "Fülle jedes Feld aus",
        "check_answers": "Vergleiche deine Antworten mit der Zusammenfassung \u201e{title}\u201c.",
        "plan_hint": "Plane deine Antwort hier und schreibe sie dann ausführlich auf liniertes Papier.",
        "exam_intro": "Beantworte jede Frage auf den Linien darunter; die Punktzahl zeigt, wie viel du schreiben sollst.",
        "extract_summary": "Zusammenfassung der These von {source}",
        "extract_quoted": "{source} (Zitat)",
        "recall_level_1": "Vervollständige jeden Punkt von seinen ersten Wörtern aus.",
        "recall_level_2": "Schreibe unter jede Überschrift alles, woran du dich erinnerst.",
        "recall_level_3": "Schreibe alles auf, was du über dieses Thema weißt.",
        "key_term": "Begriff",
        "what_it_means": "Bedeutung",
        "person": "Person",
        "who_they_were": "Wer sie war",
        "date": "Datum",
        "event": "Ereignis",
        "card_qa": "Frage",
        "card_sections": "Nenne die wichtigsten Punkte",
        "card_terms": "Fachbegriff: Was bedeutet er?",
        "card_dates": "Wichtiges Datum: Was geschah?",
        "card_people": "Wichtige Person: Wer war das?",
        "card_count": "{n} von {total}",
        "box": "Fach",
        "continued": "(Forts.)",
        "answers_page": "Lösungen: Seite {page}",
        "blank_page": "Diese Seite bleibt absichtlich leer",
        "cover": "Titelseite",
        "contents": "Inhalt",
        "in_this_pack": "In diesem Heft",
        "notes_by": "Notizen von {author}",
        "chronology": "Chronologie",
        "chronology_blurb": "Jedes Ereignis jedes Themas nach Datum: ein Jahr oder Monat vor den Daten darin; ein "
                            "Ereignis, das mehrere Themen gleich erzählen, nur einmal.",
        "glossary": "Glossar",
        "glossary_blurb": "Jeder Fachbegriff einmal, von A bis Z, mit den Seiten, die ihn erklären; "
                          "erklären ihn Themen verschieden, steht jede Erklärung nach der Nummer ihres "
                          "Themas.",
        "people_blurb": "Alle Personen des Hefts, von A bis Z nach Nachnamen: wer sie waren, mit den "
                        "Seiten, auf denen die Themen sie nennen.",
        "cut_out_cards": "Karten zum Ausschneiden",
        "cloze_answer_keys": "Lösungen der Lückentexte",
        "timeline_empty": "Dieses Thema hat keine datierten Ereignisse: seine Datei hat keine Zeitleiste.",
        "timeline_how": "Die Zeit läuft die Seite hinab; eine gestrichelte Achse überspringt Jahre ohne Ereignisse.",
        "points_one": "{n} Punkt",
        "points_many": "{n} Punkte",
        "headings_one": "{n} Überschrift",
        "headings_many": "{n} Überschriften",
        "to_find": "{points} zu finden, unter {headings}",
        "marks_one": "[{n} Punkt]",
        "marks_many": "[{n} Punkte]",
        "recall_level": "Abrufübung, Stufe {level}.",
        "timeline_bars": "Balken neben der Achse, entlang beschriftet, zeigen Ereignisse, die länger als ein Jahr dauerten.",
        "sheet_topic": "Thema {n}",
        "page_ref_one": "S. {n}",
        "page_ref_many": "S. {n}",
        "topic_ref_one": "Thema {n}",
        "topic_ref_many": "Themen {n}",
        "sheet_topics": "Themen {first}\u2013{last}",
        "sheet_of": "Blatt {n} von {total}",
        "fronts": "Vorderseiten",
        "backs": "Rückseiten",
        "fold_note": "Jedes Paar ausschneiden; an der gestrichelten Linie falten",
        "pass_1": "Durchgang 1 von 2: Vorderseiten",
        "pass_2": "Durchgang 2: Rückseiten, letztes Blatt zuerst",
        "flip_long": "Beidseitig, über die lange Kante wenden",
        "flip_short": "Beidseitig, über die kurze Kante wenden",
        # the Leitner how-to page and the printer calibration sheet (revpack cards)
        "leitner_title": "Mit Karteikarten lernen: die Lernkartei nach Leitner",
        "leitner_intro": "Jede Karte hat auf der Rückseite fünf kleine Kästchen. Sie halten fest, wie gut du sie kannst, damit du deine Zeit mit den Karten verbringst, die du noch nicht kannst.",
        "leitner_how": "So geht es",
        "leitner_step_1": "Nimm fünf Umschläge oder Schachteln und nummeriere sie von 1 bis 5. Jede neue Karte beginnt in **Fach 1**.",
        "leitner_step_2": "Wiederhole **Fach 1** jeden Tag, **Fach 2** alle zwei Tage, **Fach 3** zweimal pro Woche, **Fach 4** einmal pro Woche und **Fach 5** alle zwei Wochen.",
        "leitner_step_3": "Lies die Vorderseite, sag oder schreib deine Antwort, dann dreh die Karte wie eine Buchseite um und prüfe.",
        "leitner_step_4": "**Richtig**: Die Karte rückt ein Fach weiter, und du kreuzt dieses Kästchen auf der Rückseite an. **Falsch**: Die Karte geht zurück in Fach 1, egal wie weit sie schon war.",
        "leitner_step_5": "Eine Karte, die Fach 5 erreicht hat und wieder richtig ist, sitzt: Heb sie für eine letzte Kontrolle vor der Prüfung auf.",
        "leitner_step_6": "Viele Kreuze in den unteren Fächern zeigen eine schwere Karte: Schreib sie in eigenen Worten neu oder teile sie in zwei.",
        "leitner_printing": "Drucken und Schneiden",
        "print_step_1": "In **Originalgröße (100 %)** drucken, nie *an Seite anpassen*, sonst passen die Rückseiten nicht.",
        "print_step_2": "Duplexdrucker: die Wendung wählen, die auf den Bögen steht (*über die lange Kante*, wenn nicht anders gewählt).",
        "print_step_3": "Ohne Duplexdrucker: die Vorderseiten drucken, den Stapel seitlich gewendet wieder einlegen und die Rückseiten drucken; oder mit *--fold* drucken und jede Karte falten.",
        "print_step_4": "An den Marken im Rand entlang schneiden: Jede Marke liegt auf einer Kartenkante.",
        "calibration_front": "Druckerkalibrierung: VORDERSEITE \u2191 hier oben",
        "calibration_back": "Druckerkalibrierung: RÜCKSEITE \u2191 hier oben",
        "calibration_front_1": "Diesen zweiseitigen Bogen in Originalgröße (100 %) drucken, nicht an die Seite angepasst: {flip}.",
        "calibration_front_2": "Dann gegen das Licht halten und auf die Rückseite schauen: Beide Pfeile müssen in dieselbe Richtung zeigen (sonst die andere Wendung wählen). Jede Linie unten setzt sich auf der Rückseite fort.",
        "calibration_back_1": "Such die Linie auf dieser Seite, die ihre Linie auf der Vorderseite genau fortsetzt.",
        "calibration_back_2": "Ihre Zahl (mm) ist dein Versatz: Die Reihe senkrechter Linien gibt --offset-x, die Spalte waagerechter Linien --offset-y.",
        "calibration_back_3": "Dann drucken:  revpack cards --offset-x X --offset-y Y   (und diesen Bogen noch einmal: Die 0-Linien treffen sich).",
        "digits": "0-9",
    },
    "es": {
        "summary_sheet": "Ficha resumen",
        "comparisons": "Comparaciones",
        "timeline": "Línea del tiempo",
        "blank_recall": "Repaso en blanco",
        "cloze": "Texto con huecos",
        "cloze_answers": "Soluciones del texto con huecos",
        "cloze_answer_key": "Soluciones",
        "key_dates": "Fechas clave",
        "key_terms": "Conceptos clave",
        "key_people": "Personajes clave",
        "key_figures": "Cifras clave",
        "diagrams": "Diagramas",
        "figure_n": "Figura {n}",
        "quotes": "Citas",
        "interpretations": "Interpretaciones",
        "word_bank": "Banco de palabras",
        "cloze_intro": "**Completa los huecos.** Escribe la palabra que completa cada hueco numerado; usa cada "
                       "palabra del banco una vez (o las veces que se indica).",
        "cloze_intro_keyed": "Soluciones: las soluciones de «{title}».",
        "key_list_intro": "**Soluciones.** Las respuestas a los huecos, por número (los huecos están numerados en "
                          "orden de lectura).",
        "key_filled_intro": "**Soluciones.** Las palabras que completan los huecos están subrayadas.",
        "brain_dump": "Todo lo que sé",
        "exam_practice": "Práctica de examen",
        "terms_hint": "Escribe qué significa cada concepto",
        "people_hint": "¿Quiénes eran y qué hicieron?",
        "dates_hint": "Completa el acontecimiento o la fecha",
        "cells_hint": "Completa cada casilla",
        "check_answers": "Comprueba tus respuestas con la ficha resumen de «{title}».",
        "plan_hint": "Planifica aquí tu respuesta y luego escríbela completa en papel pautado.",
        "exam_intro": "Responde cada pregunta en las líneas que la siguen; la puntuación indica cuánto escribir.",
        "extract_summary": "Resumen de la tesis de {source}",
        "extract_quoted": "{source} (cita)",
        "recall_level_1": "Termina cada punto a partir de sus primeras palabras.",
        "recall_level_2": "Escribe todo lo que recuerdes bajo cada título.",
        "recall_level_3": "Escribe todo lo que sepas sobre este tema.",
        "key_term": "Concepto",
        "what_it_means": "Qué significa",
        "person": "Personaje",
        "who_they_were": "Quién era",
        "date": "Fecha",
        "event": "Acontecimiento",
        "card_qa": "Pregunta",
        "card_sections": "Recuerda los puntos clave",
        "card_terms": "Concepto clave: ¿qué significa?",
        "card_dates": "Fecha clave: ¿qué pasó?",
        "card_people": "Personaje clave: ¿quién era?",
        "card_count": "{n} de {total}",
        "box": "Caja",
        "continued": "(cont.)",
        "answers_page": "Soluciones: página {page}",
        "blank_page": "Página dejada en blanco intencionadamente",
        "cover": "Portada",
        "contents": "Índice",
        "in_this_pack": "En este cuaderno",
        "notes_by": "Apuntes de {author}",
        "chronology": "Cronología",
        "chronology_blurb": "Cada acontecimiento de cada tema, por fecha: un año o un mes antes de las fechas que "
                            "contiene; un acontecimiento que varios temas cuentan igual, una vez.",
        "glossary": "Glosario",
        "glossary_blurb": "Cada concepto clave una vez, de la A a la Z, con las páginas que lo explican; si "
                          "los temas lo definen de forma distinta, cada definición sigue al número de su "
                          "tema.",
        "people_blurb": "Todas las personas del cuaderno, de la A a la Z por apellido: quiénes eran, con "
                        "las páginas en que los temas las nombran.",
        "cut_out_cards": "Tarjetas para recortar",
        "cloze_answer_keys": "Soluciones de los textos con huecos",
        "timeline_empty": "Este tema no tiene acontecimientos fechados: su archivo no tiene línea del tiempo.",
        "timeline_how": "El tiempo baja por la página; un eje discontinuo salta los años sin acontecimientos.",
        "points_one": "{n} punto",
        "points_many": "{n} puntos",
        "headings_one": "{n} título",
        "headings_many": "{n} títulos",
        "to_find": "{points} por encontrar, en {headings}",
        "marks_one": "[{n} punto]",
        "marks_many": "[{n} puntos]",
        "recall_level": "Repaso en blanco, nivel {level}.",
        "timeline_bars": "Las barras junto al eje, rotuladas a lo largo, muestran los acontecimientos de más de un año.",
        "sheet_topic": "Tema {n}",
        "page_ref_one": "pág. {n}",
        "page_ref_many": "págs. {n}",
        "topic_ref_one": "Tema {n}",
        "topic_ref_many": "Temas {n}",
        "sheet_topics": "Temas {first}\u2013{last}",
        "sheet_of": "hoja {n} de {total}",
        "fronts": "anversos",
        "backs": "reversos",
        "fold_note": "Recorta cada par; dobla por la línea discontinua",
        "pass_1": "Pasada 1 de 2: anversos",
        "pass_2": "Pasada 2: reversos, última hoja primero",
        "flip_long": "A doble cara, voltear por el borde largo",
        "flip_short": "A doble cara, voltear por el borde corto",
        # the Leitner how-to page and the printer calibration sheet (revpack cards)
        "leitner_title": "Repasar con tus tarjetas: las cajas de Leitner",
        "leitner_intro": "Cada tarjeta tiene cinco casillas pequeñas en el reverso. Registran lo bien que la sabes, para que dediques tu tiempo a las tarjetas que aún no sabes.",
        "leitner_how": "Cómo funciona",
        "leitner_step_1": "Busca cinco sobres o cajas y numéralos del 1 al 5. Cada tarjeta nueva empieza en la **caja 1**.",
        "leitner_step_2": "Repasa la **caja 1** cada día, la **caja 2** cada dos días, la **caja 3** dos veces por semana, la **caja 4** una vez por semana y la **caja 5** cada dos semanas.",
        "leitner_step_3": "Lee el anverso, di o escribe tu respuesta, luego da la vuelta a la tarjeta como una página y comprueba.",
        "leitner_step_4": "**Bien**: la tarjeta sube una caja y marcas esa casilla en el reverso. **Mal**: la tarjeta vuelve a la caja 1, llegara hasta donde llegara.",
        "leitner_step_5": "Una tarjeta que ha llegado a la caja 5 y vuelve a estar bien está aprendida: guárdala para un último repaso antes del examen.",
        "leitner_step_6": "Muchas marcas en las primeras cajas señalan una tarjeta difícil: reescríbela con tus palabras o divídela en dos.",
        "leitner_printing": "Imprimir y recortar",
        "print_step_1": "Imprime a **tamaño real (100 %)**, nunca *ajustar a la página*, o los reversos no coincidirán.",
        "print_step_2": "Impresora a doble cara: elige el volteo que indican las hojas (*borde largo* salvo que elijas otro).",
        "print_step_3": "Sin impresión a doble cara: imprime los anversos, vuelve a poner la pila en la bandeja girándola de lado e imprime los reversos; o imprime con *--fold* y dobla cada tarjeta.",
        "print_step_4": "Recorta siguiendo las marcas del margen: cada marca está alineada con un borde de tarjeta.",
        "calibration_front": "Calibración de la impresora: ANVERSO \u2191 este lado arriba",
        "calibration_back": "Calibración de la impresora: REVERSO \u2191 este lado arriba",
        "calibration_front_1": "Imprime esta hoja de dos páginas a tamaño real (100 %), sin ajustar a la página: {flip}.",
        "calibration_front_2": "Luego ponla a contraluz y mira el reverso: las dos flechas deben apuntar en el mismo sentido (si no, elige el otro volteo). Cada línea de abajo continúa en el reverso.",
        "calibration_back_1": "Busca la línea de esta cara que continúa exactamente su línea del anverso.",
        "calibration_back_2": "Su número (mm) es tu desplazamiento: la fila de líneas verticales da --offset-x, la columna de líneas horizontales --offset-y.",
        "calibration_back_3": "Luego imprime:  revpack cards --offset-x X --offset-y Y   (y esta hoja otra vez: las líneas 0 coinciden).",
        "digits": "0-9",
    },
    "ru": {
        "summary_sheet": "Конспект",
        "comparisons": "Сравнения",
        "timeline": "Лента времени",
        "blank_recall": "Вспомни сам",
        "cloze": "Текст с пропусками",
        "cloze_answers": "Ответы к тексту с пропусками",
        "cloze_answer_key": "Ответы",
        "key_dates": "Ключевые даты",
        "key_terms": "Ключевые термины",
        "key_people": "Ключевые личности",
        "key_figures": "Ключевые цифры",
        "diagrams": "Схемы и рисунки",
        "figure_n": "Рисунок {n}",
        "quotes": "Цитаты",
        "interpretations": "Интерпретации",
        "word_bank": "Банк слов",
        "cloze_intro": "**Заполните пропуски.** Впишите слово в каждый пронумерованный пропуск; каждое слово "
                       "из банка используйте один раз (или столько раз, сколько указано).",
        "cloze_intro_keyed": "Ответы: ключ к тексту «{title}».",
        "key_list_intro": "**Ответы.** Слова для пропусков по номерам (пропуски пронумерованы по порядку чтения).",
        "key_filled_intro": "**Ответы.** Слова, заполняющие пропуски, подчёркнуты.",
        "brain_dump": "Всё, что я помню",
        "exam_practice": "Подготовка к экзамену",
        "terms_hint": "Напишите значение каждого термина",
        "people_hint": "Кто это был и что он сделал?",
        "dates_hint": "Впишите событие или дату",
        "cells_hint": "Заполните каждую клетку",
        "check_answers": "Проверьте ответы по конспекту «{title}».",
        "plan_hint": "Составьте здесь план ответа, затем напишите его полностью на листе в линейку.",
        "exam_intro": "Ответьте на каждый вопрос на строках под ним; баллы показывают, сколько писать.",
        "extract_summary": "Изложение взглядов: {source}",
        "extract_quoted": "{source} (цитата)",
        "recall_level_1": "Закончите каждый пункт по его первым словам.",
        "recall_level_2": "Запишите под каждым заголовком всё, что помните.",
        "recall_level_3": "Запишите всё, что вы знаете по этой теме.",
        "key_term": "Термин",
        "what_it_means": "Значение",
        "person": "Личность",
        "who_they_were": "Кто это",
        "date": "Дата",
        "event": "Событие",
        "card_qa": "Вопрос",
        "card_sections": "Вспомните главное",
        "card_terms": "Термин: что он значит?",
        "card_dates": "Дата: что произошло?",
        "card_people": "Личность: кто это?",
        "card_count": "{n} из {total}",
        "box": "Ящик",
        "continued": "(продолж.)",
        "answers_page": "Ответы: с. {page}",
        "blank_page": "Эта страница намеренно оставлена пустой",
        "cover": "Обложка",
        "contents": "Содержание",
        "in_this_pack": "В этом пособии",
        "notes_by": "Автор: {author}",
        "chronology": "Хронология",
        "chronology_blurb": "Все события всех тем по датам: год или месяц прежде дат внутри него; событие, "
                            "о котором несколько тем говорят одинаково, один раз.",
        "glossary": "Словарь терминов",
        "glossary_blurb": "Каждый ключевой термин один раз, от А до Я, со страницами, где он объяснён; если "
                          "темы определяют его по-разному, каждое определение стоит после номера своей "
                          "темы.",
        "people_blurb": "Все личности пособия от А до Я по фамилии: кем они были, со страницами, где их "
                        "называют темы.",
        "cut_out_cards": "Карточки для вырезания",
        "cloze_answer_keys": "Ответы к текстам с пропусками",
        "timeline_empty": "В этой теме нет датированных событий: в её файле нет ленты времени.",
        "timeline_how": "Время идёт вниз по странице; пунктирная ось пропускает годы без событий.",
        "points_one": "{n} пункт",
        "points_few": "{n} пункта",
        "points_many": "{n} пунктов",
        "headings_one": "{n} заголовок",
        "headings_few": "{n} заголовка",
        "headings_many": "{n} заголовков",
        "to_find": "Вспомните {points} под {headings}",
        "marks_one": "[{n} балл]",
        "marks_few": "[{n} балла]",
        "marks_many": "[{n} баллов]",
        "recall_level": "Вспомни сам, уровень {level}.",
        "timeline_bars": "Полосы рядом с осью, подписанные вдоль, показывают события длиной больше года.",
        "sheet_topic": "Тема {n}",
        "page_ref_one": "с. {n}",
        "page_ref_many": "с. {n}",
        "topic_ref_one": "Тема {n}",
        "topic_ref_many": "Темы {n}",
        "sheet_topics": "Темы {first}\u2013{last}",
        "sheet_of": "лист {n} из {total}",
        "fronts": "лицевые",
        "backs": "оборотные",
        "fold_note": "Вырежьте каждую пару; сложите по пунктиру",
        "pass_1": "Проход 1 из 2: лицевые стороны",
        "pass_2": "Проход 2: оборотные стороны, с последнего листа",
        "flip_long": "Двусторонняя печать, переворот по длинному краю",
        "flip_short": "Двусторонняя печать, переворот по короткому краю",
        # the Leitner how-to page and the printer calibration sheet (revpack cards)
        "leitner_title": "Повторение по карточкам: ящики Лейтнера",
        "leitner_intro": "На обороте каждой карточки пять маленьких клеток. Они показывают, насколько хорошо вы её знаете, чтобы время уходило на карточки, которые вы ещё не знаете.",
        "leitner_how": "Как это работает",
        "leitner_step_1": "Возьмите пять конвертов или коробок и пронумеруйте их от 1 до 5. Каждая новая карточка начинает в **ящике 1**.",
        "leitner_step_2": "Повторяйте **ящик 1** каждый день, **ящик 2** раз в два дня, **ящик 3** два раза в неделю, **ящик 4** раз в неделю и **ящик 5** раз в две недели.",
        "leitner_step_3": "Прочитайте лицевую сторону, скажите или запишите ответ, затем переверните карточку, как страницу, и проверьте.",
        "leitner_step_4": "**Верно**: карточка переходит на ящик выше, отметьте эту клетку на обороте. **Неверно**: карточка возвращается в ящик 1, как бы далеко она ни продвинулась.",
        "leitner_step_5": "Карточка, дошедшая до ящика 5 и снова отвеченная верно, выучена: оставьте её для последней проверки перед экзаменом.",
        "leitner_step_6": "Много отметок в первых ящиках означает трудную карточку: перепишите её своими словами или разделите на две.",
        "leitner_printing": "Печать и вырезание",
        "print_step_1": "Печатайте в **натуральную величину (100 %)**, никогда *по размеру страницы*, иначе обороты не совпадут.",
        "print_step_2": "Двусторонний принтер: выберите переворот, указанный на листах (*по длинному краю*, если не выбрано иное).",
        "print_step_3": "Без двусторонней печати: напечатайте лицевые стороны, положите стопку обратно в лоток, перевернув её слева направо, и напечатайте обороты; или печатайте с *--fold* и сложите каждую карточку.",
        "print_step_4": "Режьте по меткам на полях: каждая метка совпадает с краем карточки.",
        "calibration_front": "Калибровка принтера: ЛИЦЕВАЯ СТОРОНА \u2191 верх",
        "calibration_back": "Калибровка принтера: ОБОРОТ \u2191 верх",
        "calibration_front_1": "Напечатайте этот лист из двух страниц в натуральную величину (100 %), не по размеру страницы: {flip}.",
        "calibration_front_2": "Затем посмотрите на свет на оборот: обе стрелки должны смотреть в одну сторону (если нет, выберите другой переворот). Каждая линия ниже продолжается на обороте.",
        "calibration_back_1": "Найдите на этой стороне линию, которая точно продолжает свою линию с лицевой стороны.",
        "calibration_back_2": "Её число (мм) и есть смещение: ряд вертикальных линий даёт --offset-x, столбец горизонтальных --offset-y.",
        "calibration_back_3": "Затем печатайте:  revpack cards --offset-x X --offset-y Y   (и этот лист ещё раз: линии 0 совпадут).",
        "digits": "0-9",
    },
}
ENGLISH = LABELS["en"]


def _fill(text: str, values: dict[str, object]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


_LIGATURES = {"Œ": "O", "Æ": "A", "ẞ": "S"}  # filed under the letter they sort with


@dataclass(frozen=True)
class Words:
    """The words one build prints: its language's labels, with the pack's own `labels:` on top."""

    language: str = "en"
    overrides: tuple[tuple[str, str], ...] = ()

    def __call__(self, key: str, **values: object) -> str:
        """The label `key` in this language (the pack's override first), its ``{name}``s filled in."""
        text = dict(self.overrides).get(key) or LABELS.get(self.language, ENGLISH).get(key) or ENGLISH[key]
        return _fill(text, values)

    def printed(self, pack) -> list[str]:
        """Every character this build may print of its own beside the pack's text: its labels
        and the A-Z headings of the pack's terms and people (an "К" where the pack writes only
        "к"), so every page's font subsets can be primed alike (`render.prime_fonts`)."""
        table = {**ENGLISH, **LABELS.get(self.language, {}), **dict(self.overrides)}
        names = [t.term for topic in pack.topics for t in topic.terms]
        names += [(p.name.split() or [""])[-1] for topic in pack.topics for p in topic.people]
        return [*table.values(), *(self.initial(n) for n in names)]

    def count(self, key: str, n: int, shown: object = None) -> str:
        """`n` things in the language's plural: the label `key`_one, `key`_few (Russian's 2-4,
        22-24...) or `key`_many, e.g. "3 points", "3 пункта", "5 пунктов"."""
        form = "one" if n == 1 else "many"
        if self.language == "ru":
            form = "one" if n % 10 == 1 and n % 100 != 11 else \
                "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many"
        table = {**ENGLISH, **LABELS.get(self.language, {}), **dict(self.overrides)}
        key_form = f"{key}_{form}" if f"{key}_{form}" in table else f"{key}_many"
        return self(key_form, n=n if shown is None else shown)

    def hyphenation(self) -> dict[str, object]:
        """ReportLab paragraph settings that break a long word at its syllables (pyphen's
        dictionary for the language) instead of shrinking the text or splitting it anywhere:
        only words of `HYPHENATE` letters or more, so ordinary prose keeps whole words.
        English packs print as they always have (no hyphenation)."""
        if self.language == "en":
            return {}
        return {"hyphenationLang": _hyphenator(self.language), "hyphenationMinWordLength": HYPHENATE}

    def sort_key(self, text: str) -> tuple:
        """A-Z order: the Unicode Collation Algorithm over the words as printed, leading
        punctuation ignored (accents, case and alphabets as the language orders them)."""
        from revpack.markup import plain

        shown = plain(text).strip()
        trimmed = re.sub(r"^[\W_]+", "", shown) or shown
        return _collator(self.language).sort_key(trimmed)

    def initial(self, text: str) -> str:
        """The heading an A-Z entry is filed under: its first letter without an accent, capitalised
        ("É" under E, "Ё" under Е; "Й" keeps its own), the digits' heading, or "#"."""
        from revpack.markup import plain

        shown = unicodedata.normalize("NFC", plain(text).strip())  # "Ñ" typed as N + combining tilde too
        first = (re.sub(r"^[\W_]+", "", shown) or shown)[:1]
        if first.isdigit():
            return self("digits")
        if not first.isalpha():
            return "#"
        if first.upper() in ("Й", "Ў", *OWN_LETTERS.get(self.language, {})):
            return first.upper()
        first = _LIGATURES.get(first.upper(), first)
        return unicodedata.normalize("NFD", first)[0].upper()


HYPHENATE = 12  # letters in a word before it may be hyphenated ("Geschwindigkeitsbegrenzung")


@lru_cache(maxsize=None)
def _hyphenator(language: str):
    """pyphen's syllable splitter for `language` (ReportLab calls it for a word that needs breaking)."""
    import pyphen

    return pyphen.Pyphen(lang=pyphen.language_fallback(language) or language).iterate


# Letters a language sorts as its own, after the letter DUCET files them with: Spanish ñ
# comes after every n ("nz" < "ña" < "o") and heads its own A-Z section, where DUCET sorts
# it as an accented n. (ch and ll are not letters of their own since 1994; French and German
# order by DUCET; Russian files Ё with Е by convention.)
OWN_LETTERS: dict[str, dict[str, str]] = {"es": {"Ñ": "N"}}
_AFTER_EVERYTHING = 0xFFFF  # a primary weight above every DUCET letter's (and every implicit weight)


@lru_cache(maxsize=None)
def _collator(language: str = "en"):
    """The Unicode Collation Algorithm's DUCET table, tailored for `language`'s own letters:
    each sorts as its base letter followed by a weight above every letter, so after all
    words with the base letter there and before the next letter."""
    from pyuca import Collator

    collator = Collator()
    for letter, base in OWN_LETTERS.get(language, {}).items():
        for own, plain_base in ((letter, base), (letter.lower(), base.lower())):
            elements = collator.table.find_prefix([ord(plain_base)])[1]
            tertiary = elements[0][2]
            # Sorted after its NFD form (the base letter and its combining mark), as the collator reads it.
            collator.table.add([ord(c) for c in unicodedata.normalize("NFD", own)],
                               elements + [[_AFTER_EVERYTHING, 32, tertiary]])
    return collator
