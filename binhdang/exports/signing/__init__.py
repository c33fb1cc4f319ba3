"""Digital signatures of issued documents (NĐ 30/2020 Art. 13): PAdES with pyHanko, first the
signer's, then the organisation's, as two incremental signatures."""
