# One slim image for every bantin process (api, worker, beat); the command chooses which.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY workers ./workers
COPY bantin ./bantin
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# ffmpeg and the offline voice come inside Python wheels (imageio-ffmpeg, espeakng-loader): no apt-get.
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bantin \
    && mkdir -p /data && chown bantin /data
COPY audio_templates /app/audio_templates
ENV BANTIN_TEMPLATES_DIR=/app/audio_templates \
    BANTIN_DATA_DIR=/data \
    BANTIN_ENVIRONMENT=production \
    BANTIN_API_HOST=0.0.0.0 \
    PYTHONUNBUFFERED=1
WORKDIR /app
USER bantin
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["bantin", "api"]
