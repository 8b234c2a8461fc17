"""``python -m lod`` is ``lod``."""

from lod.cli import main

main()
