"""Benchmarks of MSS Explorer at 1x, 100x and 1,000x the bundled dossier (issue #7).

``python -m benchmarks.generate`` writes synthetic dossiers into ``benchmarks/out/``;
``python -m benchmarks.run`` measures them and prints the table; ``python -m
benchmarks.profile`` profiles the slow paths with pyinstrument. See README.md here.
"""

import os as _os
import tempfile as _tempfile

# The benchmarks never read or write the reader's preferences (tui/preferences.py): a
# remembered view or layout would change what is measured, and a run would change them.
_os.environ.setdefault("MSS_EXPLORER_PREFERENCES",
                       _os.path.join(_tempfile.mkdtemp(prefix="mss-bench-prefs-"), "preferences.toml"))
