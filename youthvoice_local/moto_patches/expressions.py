"""Expressions are read once per text, and their syntax trees copy themselves member by member.

Sets `__deepcopy__` on `moto.dynamodb.parsing.ast_nodes.Node`. moto deep-copies every update
expression's syntax tree before validating it, through `copy`'s generic protocol (`__reduce_ex__`),
which also walks each node's parent pointer: that was an eighth of the local stack's time under a
simulated year. The copy made here is the same tree: the same node types and members, children
copied, and each copy's parent the copy of the parent when that is being made.

Wraps `UpdateExpressionParser.make` and `ConditionExpressionParser._lex_condition_expression`:
moto tokenises and parses every update expression, and tokenises every condition expression, on
every write, though the project sends a few dozen distinct texts (values travel separately, as
placeholders). Together that was a seventh of a simulated year's time. An update expression's tree
depends on its text alone and moto copies it before the validator changes it, so one tree per text
is kept; a condition's tokens are immutable tuples that depend on its text alone, so one token
sequence per text is kept and each parse gets a fresh deque of them. A text moto refuses raises as
before and is not kept.
"""

from __future__ import annotations

import copy
import functools
from collections import deque
from typing import Any

from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing import ast_nodes
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]

from youthvoice_local.moto_patches.replaced import Replacements

# Distinct expression texts kept: the project's are a few dozen.
KEPT_TEXTS = 4096


def _copy_node(node: Any, memo: dict[int, Any]) -> Any:
    twin = object.__new__(type(node))
    memo[id(node)] = twin
    twin.__dict__.update(node.__dict__)
    twin.parent = memo.get(id(node.parent), node.parent)
    if node.children is not None:
        twin.children = [copy.deepcopy(child, memo) for child in node.children]
    return twin


def install(replacements: Replacements) -> None:
    replacements.replace(ast_nodes.Node, "__deepcopy__", _copy_node)  # type: ignore[attr-defined]

    parse_update: Any = UpdateExpressionParser.make
    parsed_update = functools.lru_cache(maxsize=KEPT_TEXTS)(parse_update)

    def make(cls: type, expression_str: str) -> Any:
        return parsed_update(expression_str)

    replacements.replace(UpdateExpressionParser, "make", classmethod(make))

    lex_condition: Any = ConditionExpressionParser._lex_condition_expression

    @functools.lru_cache(maxsize=KEPT_TEXTS)
    def condition_tokens(expression: str) -> tuple[Any, ...]:
        return tuple(lex_condition(ConditionExpressionParser(expression, None, None)))

    def lex(self: ConditionExpressionParser) -> deque[Any]:
        return deque(condition_tokens(self.condition_expression))

    replacements.replace(ConditionExpressionParser, "_lex_condition_expression", lex)
