"""Development code that never ships: the synthetic dossier generator, model training and the screenshot tool.

The application (app, nlp, domain) never imports this package (an import-linter contract); the installer leaves it
out. `caselens synth` finds it at run time in a development checkout.
"""
