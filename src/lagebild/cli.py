"""Command-line interface: ``lagebild COMMAND``.

Commands are thin: they parse options, call library functions and print. Every
failure the user can cause ends in a one-line message and a non-zero exit code.
"""

from __future__ import annotations

import click

from lagebild import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def main() -> None:
    """lagebild: German security-policy news in, evidence-linked knowledge graph out."""


if __name__ == "__main__":
    main()
