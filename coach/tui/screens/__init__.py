"""Screens of the Textual shell."""
