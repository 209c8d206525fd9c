"""Modal dialogs of the Textual shell."""
