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

Replaces `DepthFirstTraverser.traverse_node_recursively` and wraps `UpdateExpressionValidator`'s
`__init__` and `validate`: moto validates every update by ten passes over the expression's tree,
and each pass asked every node, through `abc`'s `isinstance`, against a map of handlers it built
again for each node. That was a sixth of a simulated year's time. The pass here visits the same
nodes in the same order and calls the same handlers; it builds a pass's handler map once and
remembers which handler a node type gets. The first three passes (at most one clause of each
kind, no overlapping paths, no key attribute set) read only the tree, the attribute names and the
table's key attributes: once they pass for a tree (one per text), names and key attributes, they
are not run again for the same three. Every other pass, which reads the values and the item, runs
on every update, and a text that fails any pass is not remembered.
"""

from __future__ import annotations

import copy
import functools
from collections import deque
from typing import Any

from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing import ast_nodes
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]
from moto.dynamodb.parsing.validators import (
    ActionCountValidator,
    OverlappingPathsValidator,
    UpdateExpressionValidator,
    UpdateHashRangeKeyValidator,
)

from youthvoice_local.moto_patches.replaced import Replacements

# Distinct expression texts kept: the project's are a few dozen.
KEPT_TEXTS = 4096
# The passes that read only the tree, the attribute names and the table's key attributes.
SYNTAX_PASSES = (ActionCountValidator, OverlappingPathsValidator, UpdateHashRangeKeyValidator)
# (traverser class, node type): the node type the traverser's first matching handler is for.
_handled_as: dict[tuple[type, type], type | None] = {}
# Whether a type is a syntax tree node (`Node` is an `abc` class: `isinstance` is slow on it).
_is_node: dict[type, bool] = {}
# Syntax checks passed: (tree's id, names, key attributes) -> that tree, which keeps its id taken.
_syntax_passed: dict[tuple[int, frozenset[tuple[str, str]], tuple[str, ...]], Any] = {}


def _copy_node(node: Any, memo: dict[int, Any]) -> Any:
    twin = object.__new__(type(node))
    memo[id(node)] = twin
    twin.__dict__.update(node.__dict__)
    twin.parent = memo.get(id(node.parent), node.parent)
    if node.children is not None:
        twin.children = [_copy_child(child, memo) for child in node.children]
    return twin


def _copy_child(child: Any, memo: dict[int, Any]) -> Any:
    """A string (a leaf's name or placeholder) is its own copy; a node is copied here directly."""
    if type(child) is str:
        return child
    if _node_type(child):
        return memo[id(child)] if id(child) in memo else _copy_node(child, memo)
    return copy.deepcopy(child, memo)


def _node_type(value: Any) -> bool:
    is_node = _is_node.get(type(value))
    if is_node is None:
        is_node = _is_node[type(value)] = isinstance(value, ast_nodes.Node)  # type: ignore[attr-defined]
    return is_node


def _handled_type(traverser: Any, handlers: dict[type, Any], node: Any) -> type | None:
    """The first of the traverser's node types `node` is an instance of, as moto's `process`
    tries them; the traverser's handler map depends on its class alone."""
    key = (type(traverser), type(node))
    if key not in _handled_as:
        _handled_as[key] = next((kind for kind in handlers if isinstance(node, kind)), None)
    return _handled_as[key]


def _traverse(self: Any, node: Any, child_id: int = -1) -> Any:
    """moto's depth-first pass, children before their parent, each replaced by its handler's
    answer; `pre_processing_of_child` is called where a traverser has one of its own."""
    handlers = self.__dict__.get("_handlers")
    if handlers is None:
        handlers = self._handlers = self._processing_map()
        self._before_child = (
            type(self).pre_processing_of_child
            is not ast_nodes.DepthFirstTraverser.pre_processing_of_child  # type: ignore[attr-defined]
        )
    if not _node_type(node):
        return node
    parent_node = node.parent
    if node.children is not None:
        for i, child_node in enumerate(node.children):
            if self._before_child:
                self.pre_processing_of_child(node, i)
            _traverse(self, child_node, i)
    kind = _handled_type(self, handlers, node)
    if kind is not None:
        node = handlers[kind](node)
        node.parent = parent_node
        if parent_node:
            parent_node.children[child_id] = node
    return node


def install(replacements: Replacements) -> None:
    replacements.replace(ast_nodes.Node, "__deepcopy__", _copy_node)  # type: ignore[attr-defined]
    replacements.replace(
        ast_nodes.DepthFirstTraverser,  # type: ignore[attr-defined]
        "traverse_node_recursively",
        _traverse,
    )

    def validator_init(
        self: UpdateExpressionValidator, expression: Any, *args: Any, **kwargs: Any
    ) -> None:
        original_validator_init(self, expression, *args, **kwargs)
        names = frozenset((self.expression_attribute_names or {}).items())
        self._syntax_key = (id(expression), names, tuple(self.table.table_key_attrs))  # type: ignore[attr-defined]
        self._tree = expression  # type: ignore[attr-defined]

    def validate(self: UpdateExpressionValidator) -> Any:
        key = self._syntax_key  # type: ignore[attr-defined]
        passed = _syntax_passed.get(key) is self._tree  # type: ignore[attr-defined]
        node = self.node_to_validate
        for processor in self.processors:
            if not (passed and isinstance(processor, SYNTAX_PASSES)):
                node = processor.traverse(node)
        if not passed:
            if len(_syntax_passed) >= KEPT_TEXTS:
                _syntax_passed.clear()
            _syntax_passed[key] = self._tree  # type: ignore[attr-defined]
        return node

    original_validator_init = replacements.replace(
        UpdateExpressionValidator, "__init__", validator_init
    )
    replacements.replace(UpdateExpressionValidator, "validate", validate)

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
