"""What runs on a workstation, never in Lambda: the `youthvoice` command and the local stack
(the Chalice app over HTTP, a stream pump and a scheduler in one process, moto in a second).

It lives outside the library so that Chalice, which packages the library through
`vendor/youthvoice`, cannot ship it; it needs the `local` extra (moto, chalice's local server).
"""
