# One image build, two targets: `web` (the intranet) and `worker` (a Hangfire job node).
# Both carry Chromium and fonts, because either may render PDFs.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig OpsIntranet.sln ./
COPY core/ core/
COPY templates/ templates/
COPY jobs/ jobs/
COPY web/ web/
RUN dotnet publish web/OpsIntranet.Web/OpsIntranet.Web.csproj -c Release -o /out/web \
 && dotnet publish jobs/OpsIntranet.Worker/OpsIntranet.Worker.csproj -c Release -o /out/worker

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation2 fonts-dejavu-core tzdata \
 && rm -rf /var/lib/apt/lists/*
ENV Chromium__ExecutablePath=/usr/bin/chromium \
    Chromium__NoSandbox=true \
    TZ=America/New_York
USER app

FROM runtime AS web
WORKDIR /app
COPY --from=build /out/web .
EXPOSE 8080
ENTRYPOINT ["dotnet", "OpsIntranet.Web.dll"]

FROM runtime AS worker
WORKDIR /app
COPY --from=build /out/worker .
ENTRYPOINT ["dotnet", "OpsIntranet.Worker.dll"]
