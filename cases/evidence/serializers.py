"""What the API says about a capture it has queued."""

from rest_framework import serializers

from cases.models import SourceCapture


class CaptureSerializer(serializers.ModelSerializer):
    source = serializers.UUIDField(source="source.uid", read_only=True)

    class Meta:
        model = SourceCapture
        fields = ["uid", "source", "url", "state", "step", "requested_at", "captured_at", "manifest_sha256"]
        read_only_fields = fields
