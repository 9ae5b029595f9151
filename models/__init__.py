"""The domain of MSS Explorer: the dossier's models, loading, queries and notes.

This package never imports Textual (a test keeps it so): everything here can be used
from a script, the CLI or the tests without a terminal.
"""
