"""Widgets of the Textual shell."""
