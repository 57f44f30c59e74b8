"""A4 proofs the kiosk prints (参保证明, 缴费记录, 电子证照打印件): the page content
(document.py) and its PDF (pdf.py, with the font in font.py), made in the core without Qt.

Import the modules themselves: the PDF library and fontTools take a good part of a second
to load, which a terminal's start does not wait for (the first proof loads them)."""
