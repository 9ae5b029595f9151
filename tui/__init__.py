"""The Textual app of MSS Explorer: screens, widgets, styles and a thin CLI."""
