"""Textual screens and modal dialogs, and the widgets they share."""
