# The assessment service's image: Node 20 with the CJK font a person file's PDF embeds (Noto Sans CJK SC). Without it
# the export answers 503 font_missing. The code is mounted from the repository, as for the other services.
FROM node:20-bookworm
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
