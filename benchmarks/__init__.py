"""Benchmarks of MSS Explorer at 1x, 100x and 1,000x the bundled dossier (issue #7).

``python -m benchmarks.generate`` writes synthetic dossiers into ``benchmarks/out/``;
``python -m benchmarks.run`` measures them and prints the table; ``python -m
benchmarks.profile`` profiles the slow paths with pyinstrument. See README.md here.
"""
