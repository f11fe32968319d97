"""One spaCy pipeline per language: rule components, the statistical NER when shipped, merge, roles.

Chinese uses `spacy.blank("zh")` with per-character tokens, made by CharTokenizer (the same tokens as
spaCy's "char" segmenter, faster; no model download, every character a token, so every regex span aligns); English uses `spacy.blank("en")`. Each pipeline is built once per
process and cached.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

RULE_COMPONENTS = ("caselens_identifiers", "caselens_money", "caselens_dates", "caselens_orgs",
                   "caselens_places", "caselens_persons")
COMPONENT_MODULES = ("identifiers", "money", "dates", "orgs_rules", "places_rules", "persons_rules", "merge",
                     "roles")
LANGUAGES = ("zh", "en")
PIPELINE_VERSION = "4"    # bump when a rule changes what it finds; stored with every mention
# Statistical NER, first one whose module and model are present wins: the linear model (2.x, fast),
# then the CNN tagger (1.1).
NER_FACTORIES = (("nlp.ner.linear_component", "caselens_ner_linear_v2"), ("nlp.ner.component", "caselens_ner"))
# English NER (nlp/ner/english_component.py): the whole text in "en", Latin-script stretches in "zh";
# the Chinese linear NER reads the Chinese stretches of "en" pages (scope "cjk").
EN_NER = ("nlp.ner.english_component", "caselens_ner_en_linear")

log = logging.getLogger(__name__)


def _register_components() -> None:
    for module in COMPONENT_MODULES:
        importlib.import_module(f"nlp.components.{module}")


def _add_statistical_ner(nlp: Language, factories: Sequence[tuple[str, str]] = NER_FACTORIES,
                         config: dict[str, str] | None = None) -> str | None:
    """Add the statistical NER (nlp/ner/) when its module and shipped model are present."""
    from spacy.language import Language

    for module, factory in factories:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name not in (module, "nlp.ner"):
                log.warning("statistical NER %s not loaded: %s", factory, exc)
            continue
        if not Language.has_factory(factory):
            continue
        try:
            pipe = nlp.add_pipe(factory, config=config or {})
        except FileNotFoundError as exc:  # not shipped: try the next, else rules alone
            log.info("statistical NER %s not loaded: %s", factory, exc)
            continue
        except Exception as exc:  # a damaged model must not stop rule extraction
            log.warning("statistical NER %s not loaded: %s", factory, exc)
            continue
        return str(getattr(pipe, "version", None) or getattr(pipe, "model_version", None) or "ner")
    return None


@functools.cache
def build_pipeline(lang: str = "zh", *, statistical: bool = True) -> Language:
    """The extraction pipeline for "zh" or "en" (cached: load once per process)."""
    import spacy

    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _register_components()
    from nlp.components.base import CharTokenizer, KeepText

    if lang == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
        nlp.tokenizer = KeepText(CharTokenizer(nlp.vocab))   # same tokens as the char segmenter, faster
    else:
        nlp = spacy.blank("en")
        nlp.tokenizer = KeepText(nlp.tokenizer)
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    versions = []
    if statistical and lang == "zh":
        versions += [_add_statistical_ner(nlp), _add_statistical_ner(nlp, (EN_NER,), {"scope": "latin"})]
    elif statistical:
        versions += [_add_statistical_ner(nlp, NER_FACTORIES[:1], {"scope": "cjk"}), _add_statistical_ner(nlp, (EN_NER,))]
    ner_version = "+".join(v for v in versions if v) or None
    nlp.add_pipe("caselens_merge")
    nlp.add_pipe("caselens_roles")
    nlp.meta["caselens"] = {"version": pipeline_version(ner_version), "ner": ner_version}
    return nlp


def detect_language(text: str) -> str:
    """"zh" when CJK characters outnumber Latin letters a fifth as often, else "en" (pages mix both)."""
    sample = text[:4000]
    cjk = sum(1 for ch in sample if "\u3400" <= ch <= "\u9fff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "zh" if cjk * 5 >= latin else "en"


def pipeline_version(ner_version: str | None) -> str:
    """Version stored with every mention: the rule set's plus the statistical model's, if any."""
    return f"rules-{PIPELINE_VERSION}" + (f"+ner-{ner_version}" if ner_version else "")


def extractor_version(lang: str = "zh") -> str:
    """The version the built pipeline for `lang` writes with its mentions."""
    return str(build_pipeline(lang).meta["caselens"]["version"])
