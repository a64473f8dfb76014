"""The book's build and serving code: the Sphinx extension ``book.d2l_book`` (named in
_config.yml's ``local_extensions``, with the repository root as its path) and the modules
it uses, plus the commands run as ``python -m book.<name>`` (serve, live, editions,
node_packages).

Every module here has this one import name, ``book.<name>``: Sphinx, the commands, tools/
and the tests all import it so.  :data:`ROOT` is the repository's folder, for all of them
(tools/ re-exports it).
"""
import pathlib

#: The repository's folder.
ROOT = pathlib.Path(__file__).resolve().parent.parent
