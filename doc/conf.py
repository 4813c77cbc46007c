# SPDX-License-Identifier: GPL-2.0-only
# Sphinx configuration of the aset manual (doc/aset.rst), built by the
# docs-sphinx test: sphinx-build -W -b html doc <build>/doc-html
project = "aset"
author = "aset authors"
copyright = "aset authors, GPL-2.0-only"
root_doc = master_doc = "aset"  # root_doc from Sphinx 4; master_doc for older ones
exclude_patterns = []
html_theme = "classic"  # built into Sphinx: no theme package needed
highlight_language = "none"
