"""The client's address, for login throttling and password-reset throttling."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR; or, behind TRUSTED_PROXY_COUNT reverse proxies that each
    append the address they saw to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for), the entry that many places from the right.
    What a client writes into the header itself stays further left and is
    never read, so it cannot pose as someone else."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
