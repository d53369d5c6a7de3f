"""Expression syntax trees copy themselves member by member.

Sets `__deepcopy__` on `moto.dynamodb.parsing.ast_nodes.Node`. moto deep-copies every update
expression's syntax tree before validating it, through `copy`'s generic protocol (`__reduce_ex__`),
which also walks each node's parent pointer: that was an eighth of the local stack's time under a
simulated year. The copy made here is the same tree: the same node types and members, children
copied, and each copy's parent the copy of the parent when that is being made.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.dynamodb.parsing import ast_nodes

from youthvoice_local.moto_patches.replaced import Replacements


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
