"""Importers: CSV contacts, CSV touches (calls, voicemails, emails…), vCards."""

from coach.importers.calls import import_calls
from coach.importers.contacts import import_contacts
from coach.importers.summary import ImportReport, Problem
from coach.importers.vcard import import_vcards

__all__ = ["ImportReport", "Problem", "import_calls", "import_contacts", "import_vcards"]
