"""A4 proofs the kiosk prints (参保证明, 缴费记录, 电子证照打印件): the page content
(document.py) and its PDF (pdf.py), made in the core without Qt."""

from kiosk.proofs.document import ProofDocument
from kiosk.proofs.font import ProofFontMissing, prepare_common_subset
from kiosk.proofs.pdf import ProofTextNotDrawable, render_proof

__all__ = ["ProofDocument", "ProofFontMissing", "ProofTextNotDrawable",
           "prepare_common_subset", "render_proof"]
