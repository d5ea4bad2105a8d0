"""Drawing the analysis: a plain description of the picture (``picture``) and its SVG (``svg``)."""
