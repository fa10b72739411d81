"""Write docs/reference/cli.md from the commands' own --help, so the reference cannot drift.

Run: python scripts/cli_reference.py > docs/reference/cli.md
(tests/integration/test_docs.py fails when the page is out of date).
"""

from __future__ import annotations

import click
from click.testing import CliRunner

from orgsim.cli import main


def reference() -> str:
    runner = CliRunner()
    parts = [
        "# Command-line reference\n",
        "Generated from `orgsim --help` by `python scripts/cli_reference.py > "
        "docs/reference/cli.md`; do not edit by hand.\n",
        "Every command that reads a log takes `--log PATH` (default: the bundled OpenAI log). "
        "Errors print one line, `orgsim: error: ...`, and exit with status 1; a usage mistake "
        "exits with status 2. `-h` is `--help` everywhere.\n",
        "Shell completion: click completes commands, options and choices once your shell is "
        'told to ask it. Bash: `eval "$(_ORGSIM_COMPLETE=bash_source orgsim)"` in '
        '`~/.bashrc`; zsh: `eval "$(_ORGSIM_COMPLETE=zsh_source orgsim)"` in `~/.zshrc`; '
        "fish: `_ORGSIM_COMPLETE=fish_source orgsim | source` in "
        "`~/.config/fish/completions/orgsim.fish`.\n",
    ]
    commands: list[list[str]] = [[]]
    for name in sorted(main.commands):
        commands.append([name])
        group = main.commands[name]
        if isinstance(group, click.Group):  # role, import, export: each subcommand too
            commands += [[name, sub] for sub in sorted(group.commands)]
    for args in commands:
        title = " ".join(["orgsim", *args])
        result = runner.invoke(main, [*args, "--help"], prog_name="orgsim", terminal_width=100)
        parts.append(f"## `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
