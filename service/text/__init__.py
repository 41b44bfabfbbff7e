"""Reading articles: bytes in, a script of voice parts out."""
