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

from domain.offline import stay_offline

RULE_COMPONENTS = ("caselens_identifiers", "caselens_money", "caselens_dates", "caselens_orgs",
                   "caselens_places", "caselens_persons")
COMPONENT_MODULES = ("identifiers", "money", "dates", "orgs_rules", "places_rules", "persons_rules", "merge",
                     "roles")
LANGUAGES = ("zh", "en")
PIPELINE_VERSION = "4"    # bump when a rule changes what it finds; stored with every mention
# Statistical NER, first one whose module and model are present wins: the linear model (3.x). The 1.1 CNN
# tagger that was its fallback is retired (issue 19: never reached while the linear model ships, and below
# it on CAIL and MSRA dev at 2.6x the CPU time).
NER_FACTORIES = (("nlp.ner.linear_component", "caselens_ner_linear_v2"),)
# The "accurate" choice (issue 18): a character BiLSTM-CRF (nlp/ner/accurate_component.py, onnxruntime) in
# place of the linear model, ~10x slower and better on MSRA; "fast" (the default) is the linear model.
ACCURATE_FACTORIES = (("nlp.ner.accurate_component", "caselens_ner_zh_accurate"),)
NER_CHOICES = ("fast", "accurate")
# Logged when "accurate" is asked for and its model cannot be loaded: the fast model is used instead.
ACCURATE_MISSING = "E033"
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


def _add_chinese_ner(nlp: Language, ner: str, config: dict[str, str] | None = None) -> tuple[str | None, str]:
    """The Chinese statistical NER for choice `ner`: (its version, the choice actually used). "accurate"
    whose model is missing or damaged logs ACCURATE_MISSING and falls back to "fast"."""
    if ner == "accurate":
        version = _add_statistical_ner(nlp, ACCURATE_FACTORIES, config)
        if version:
            return version, "accurate"
        log.warning("%s accurate NER model not loaded (resources/models/ner_zh_accurate): using the fast "
                    "model instead", ACCURATE_MISSING)
    return _add_statistical_ner(nlp, NER_FACTORIES, config), "fast"


@functools.cache
def build_pipeline(lang: str = "zh", *, statistical: bool = True, ner: str = "fast") -> Language:
    """The extraction pipeline for "zh" or "en" (cached: load once per process). `ner` chooses the Chinese
    statistical NER: "fast" (linear) or "accurate" (BiLSTM-CRF; falls back to "fast", logging E033, when
    its model is missing)."""
    stay_offline()  # before spaCy imports requests -> urllib3 and its IPv6 probe socket
    import spacy

    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    if ner not in NER_CHOICES:
        raise ValueError(f"unsupported NER choice {ner!r}; use one of {', '.join(NER_CHOICES)}")
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
    versions: list[str | None] = []
    used = None
    if statistical and lang == "zh":
        zh_version, used = _add_chinese_ner(nlp, ner)
        versions += [zh_version, _add_statistical_ner(nlp, (EN_NER,), {"scope": "latin"})]
    elif statistical:
        zh_version, used = _add_chinese_ner(nlp, ner, {"scope": "cjk"})
        versions += [zh_version, _add_statistical_ner(nlp, (EN_NER,))]
    ner_version = "+".join(v for v in versions if v) or None
    nlp.add_pipe("caselens_merge")
    nlp.add_pipe("caselens_roles")
    nlp.meta["caselens"] = {"version": pipeline_version(ner_version), "ner": ner_version, "ner_choice": used}
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


def extractor_version(lang: str = "zh", ner: str = "fast") -> str:
    """The version the built pipeline for `lang` (and NER choice) writes with its mentions."""
    return str(build_pipeline(lang, ner=ner).meta["caselens"]["version"])
