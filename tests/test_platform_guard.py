"""No POSIX-only call in the product outside a platform branch: Windows is a first-class platform.

Reads every module of the package as a syntax tree and reports calls that do not
exist (or mean something else) on Windows, unless they sit under an ``if`` that
tests the platform (``os.name``, ``sys.platform``, ``WINDOWS``, ``posix``,
``hasattr(os, ...)``) or after such an ``if`` that returns early.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import loket

PACKAGE = Path(loket.__file__).parent
POSIX_ONLY_OS = {
    "fchmod", "fchown", "chown", "fork", "forkpty", "link", "geteuid", "getuid", "getegid", "getgid",
    "killpg", "setsid", "getpgid", "setpgid", "mkfifo", "getpwuid", "sync", "wait3", "wait4",
}
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "resource", "pty"}
PORTABLE_SIGNALS = {"SIGINT", "SIGTERM"}
SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "cmd", "cmd.exe", "powershell", "powershell.exe"}
ROOTED_PATH = re.compile(r"^/(usr|bin|sbin|etc|tmp|var|dev|proc|home|opt|lib|root|run|mnt|media|srv)(/|$)")
PLATFORM_WORDS = ("os.name", "sys.platform", "WINDOWS", "POSIX", "posix", "hasattr(os", "platform.system")


def _is_platform_test(test: ast.AST) -> bool:
    text = ast.unparse(test)
    return any(word in text for word in PLATFORM_WORDS)


def _ends_early(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise, ast.Continue))


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, (ast.If, ast.IfExp, ast.While)) and child is not parent.test and _is_platform_test(
                parent.test):
            return True
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and child in block:
                earlier = block[:block.index(child)]
                if any(isinstance(s, ast.If) and _is_platform_test(s.test) and _ends_early(s.body) for s in earlier):
                    return True
        child, parent = parent, parents.get(parent)
    return False


def _problems(node: ast.AST) -> list[str]:
    found = []
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "os" and node.attr in POSIX_ONLY_OS:
            found.append(f"os.{node.attr}")
        if node.value.id == "signal" and node.attr.startswith("SIG") and not node.attr.startswith("SIG_") \
                and node.attr not in PORTABLE_SIGNALS:
            found.append(f"signal.{node.attr}")
        if node.value.id == "os" and node.attr in ("system", "popen"):
            found.append(f"os.{node.attr} (a shell command)")
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        found += [f"import {n}" for n in names if n.split(".")[0] in POSIX_ONLY_MODULES]
    elif isinstance(node, ast.keyword) and node.arg == "shell" and not (
            isinstance(node.value, ast.Constant) and node.value.value is False):
        found.append("shell=True")
    elif isinstance(node, ast.List) and node.elts and isinstance(node.elts[0], ast.Constant) \
            and node.elts[0].value in SHELLS:
        found.append(f"a shell command ({node.elts[0].value})")
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and ROOTED_PATH.match(node.value):
        found.append(f"a hard-coded path {node.value!r}")
    return found


def scan(source: str, name: str = "<source>") -> list[str]:
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    # A docstring may name a path; only code counts.
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    report = []
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        for problem in _problems(node):
            if not _guarded(node, parents):
                report.append(f"{name}:{getattr(node, 'lineno', '?')}: {problem} outside a platform branch")
    return report


def test_the_product_has_no_posix_only_call_outside_a_platform_branch():
    report = []
    for path in sorted(PACKAGE.rglob("*.py")):
        report += scan(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    assert report == []


def test_the_scan_finds_what_it_is_for():
    bad = '''
import fcntl
import os, signal, subprocess
os.fchmod(fd, 0o600)
os.kill(pid, signal.SIGKILL)
subprocess.run("lp x", shell=True)
subprocess.run(["sh", "-c", "lp x"])
LOG = "/var/log/loket.log"
'''
    found = "\n".join(scan(bad))
    for expected in ("import fcntl", "os.fchmod", "signal.SIGKILL", "shell=True", "a shell command (sh)",
                     "'/var/log/loket.log'"):
        assert expected in found


def test_a_platform_branch_or_early_return_is_accepted():
    good = '''
import os, signal
WINDOWS = os.name == "nt"
if os.name == "posix":
    os.fchmod(fd, 0o600)
def restrict(fd):
    if WINDOWS:
        return
    os.fchmod(fd, 0o600)
stop = signal.SIGTERM
kill = signal.SIGKILL if os.name != "nt" else None
'''
    assert scan(good) == []
