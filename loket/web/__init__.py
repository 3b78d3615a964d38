"""The Cek Suket page: a static, self-contained HTML file that checks a seal offline.

``cek_suket.html`` is built from ``web/cek-suket`` in the source tree (``npm ci &&
npm run build``) and committed, so an installed loket writes and serves the page
without Node.js.
"""
