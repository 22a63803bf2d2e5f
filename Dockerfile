# chanto in a container: `docker build -t chanto .` then
# `docker run --rm -v "$PWD:/work" chanto scan .`
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/chanto

# Only the binary, on a distroless base with the C runtime it links to,
# running as a non-root user.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/chanto /usr/local/bin/chanto
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/chanto"]
CMD ["scan", "."]
