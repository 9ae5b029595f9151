"""The official Security Council voting record (the UN Dag Hammarskjöld Library's
"Security Council Voting Data" CSV): reading it, keeping it in SQLite, asking it
questions, checking a dossier's ballots against it. No Textual here.

The file is the United Nations' (copyright, non-commercial use with attribution):
it is never shipped; the user downloads it and imports it.
"""

from models.council.csvfile import COLUMNS, CouncilFileError, ParsedFile, RowProblem, normalise_symbol, read_council_csv
from models.council.record import OUTCOMES, Agreement, CouncilRecord, Filters, RecordError, ResolutionRow
from models.council.store import Edition, default_record_path, import_csv

__all__ = [
    "ATTRIBUTION", "COLUMNS", "DOWNLOAD_URL", "OUTCOMES", "Agreement", "CouncilFileError", "CouncilRecord", "Edition",
    "Filters", "ParsedFile", "RecordError", "ResolutionRow", "RowProblem", "default_record_path", "import_csv",
    "normalise_symbol", "read_council_csv",
]

#: Where the user downloads the file.
DOWNLOAD_URL = "https://digitallibrary.un.org/record/4055387"
#: What the app shows wherever the record's data appear (the UN's terms).
ATTRIBUTION = ("Security Council Voting Data, UN Dag Hammarskjöld Library. Copyright, United Nations; "
               "non-commercial use with attribution.")
