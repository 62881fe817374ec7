"""Reading policies: how a simulated player weighs the tags of choices, per state."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.engine.model import TAGS, Policy, PolicyRule

from . import fields
from .messages import Message, said
from .messages import item as item_at
from .reader import Doc, Problems, Reader, Text


def read_policies(
    problems: Problems, paths: list[Path], docs: Mapping[Path, Any], names: dict[str, int]
) -> dict[str, Policy]:
    """Policies from policy files: a ``policies:`` list, or one policy per file."""
    out: dict[str, Policy] = {"random": Policy(name="random", weights={})}
    for path in paths:
        reader = Reader(problems, path)
        doc = docs.get(path)
        if doc is None:
            continue
        many = isinstance(doc, dict) and "policies" in doc
        for item in reader.top_list(doc, "policies") if many else [doc]:
            policy = read_policy(reader, item, names)
            if policy is not None:
                out[policy.name] = policy
    return out


def read_policy(reader: Reader, item: Any, names: dict[str, int]) -> Policy | None:
    """One policy: ``{name, weights, rules, description}``."""
    if not reader.shape(item, "policy", fields.POLICY):
        return None
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.err(item, "name", said("validate.policy.name"))
        return None
    where = item_at("policy", name.strip())
    weights = _tag_weights(reader, item, "weights", where)
    if weights is None:
        return None
    rules = _rules(reader, item, where, names)
    description: Text = (
        reader.text(item, "description", where, limit=300)
        if isinstance(item.get("description"), dict)
        else {}
    )
    return Policy(name=name.strip(), weights=weights, rules=rules, description=description)


def _rules(reader: Reader, item: Doc, where: Message, names: dict[str, int]) -> tuple[PolicyRule, ...]:
    """``rules: [{when, weights}]``: other weights while a condition holds."""
    raw_rules = item.get("rules", [])
    if not isinstance(raw_rules, list):
        reader.err(item, "rules", said("validate.policy.rules", where=where))
        raw_rules = []
    rules = []
    for k, raw in enumerate(raw_rules):
        place = said("validate.where.rule", where=where, n=k + 1)
        if not reader.shape(raw, place, fields.POLICY_RULE):
            continue
        when = reader.expr(raw, "when", place, names)
        weights = _tag_weights(reader, raw, "weights", place)
        if when is not None and weights is not None:
            rules.append(PolicyRule(when=when, weights=weights, text=str(raw["when"])))
    return tuple(rules)


def _tag_weights(reader: Reader, item: Doc, key: str, where: Message) -> dict[str, float] | None:
    weights = item.get(key)
    if not isinstance(weights, dict):
        reader.err(item, key, said("validate.policy.weights", where=where, key=key))
        return None
    out = {}
    for tag, w in weights.items():
        if tag not in TAGS:
            reader.err(weights, tag, said("validate.policy.tag", where=where, tag=repr(tag), tags=", ".join(TAGS)))
        elif isinstance(w, bool) or not isinstance(w, int | float) or not 0 <= w <= 1000:
            reader.err(weights, tag, said("validate.policy.weight", where=where, tag=tag))
        else:
            out[tag] = float(w)
    return out
