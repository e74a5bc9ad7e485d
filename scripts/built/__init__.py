"""Reading a built site: its pages, what each page defines and links to, and serving it locally."""
