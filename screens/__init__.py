"""The screens of datatrip, one module per screen with its ``.tcss`` beside it.

Screens receive the open store from the shell (attributes down) and tell the shell about changes
with messages (messages up). They never import the shell, and import heavy libraries only inside
the workers that need them.
"""
