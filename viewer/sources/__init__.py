"""Other sources of pages than our own descriptors: digitised newspapers
as METS/ALTO packages. A source yields plain values (``model.py``) that an
importer turns into the same frozen page layouts the layout engine makes."""
