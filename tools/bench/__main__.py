"""`python -m tools.bench` (`make bench`): see the package's docstring."""
import sys

from tools.bench import main

sys.exit(main())
