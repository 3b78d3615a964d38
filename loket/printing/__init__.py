"""Printing: the station's signing key, the Suket seal and QR, the slips as PDF, the printer.

- ``keys``: ``ensure_keypair`` / ``load_key`` -> ``StationKey`` (``kid``, ``public_jwk()``, ``sign()``)
- ``seal``: ``suket_payload``, ``make_seal``, ``verify_seal`` -> ``SealCheck``, ``valid_until``
- ``qr``: ``qr_matrix`` (level M, byte mode, fixed mask, version <= 20)
- ``slip``: ``render_suket``, ``render_receipt``, ``render_for`` -> PDF bytes
- ``printer``: ``save_slip``, ``send_to_printer`` -> ``PrintResult``

Heavy libraries (cryptography, qrcode, fpdf2, Pillow) are imported inside the
functions that use them, so importing any of these modules costs almost nothing.
"""
