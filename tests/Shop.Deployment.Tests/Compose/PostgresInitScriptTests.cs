using Npgsql;
using Shop.Deployment.Tests.Docker;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// deploy/compose/postgres/init-databases.sh run the way the postgres image runs it on a new volume, against a
/// throwaway PostgreSQL cluster of this class's own (the shared test server has no right to create roles): every service
/// gets a database only its own role can reach, and the reporting rebuild's role can read the order tables, not write them.
/// </summary>
public sealed class PostgresInitScriptTests(PostgresInitScriptTests.InitializedCluster cluster) : IClassFixture<PostgresInitScriptTests.InitializedCluster>
{
    public const string InitScript = "deploy/compose/postgres/init-databases.sh";

    public static TheoryData<string, string> ServiceRoles => new()
    {
        { "shop_catalog", "SHOP_CATALOG_DB_PASSWORD" },
        { "shop_order", "SHOP_ORDER_DB_PASSWORD" },
        { "shop_reporting", "SHOP_REPORTING_DB_PASSWORD" },
        { "shop", "SHOP_MONOLITH_DB_PASSWORD" },
    };

    [Theory]
    [MemberData(nameof(ServiceRoles))]
    public async Task InitScript_EveryServiceRole_OwnsTheDatabaseOfItsName(string role, string passwordSetting)
    {
        await using var connection = await cluster.OpenAsync(role, role, passwordSetting);
        await using var command = new NpgsqlCommand("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()", connection);

        Assert.Equal(role, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("shop_catalog", "SHOP_CATALOG_DB_PASSWORD", "shop_order")]
    [InlineData("shop_reporting", "SHOP_REPORTING_DB_PASSWORD", "shop_catalog")]
    [InlineData("shop", "SHOP_MONOLITH_DB_PASSWORD", "shop_reporting")]
    [InlineData("shop_order_reader", "SHOP_ORDER_READER_DB_PASSWORD", "shop_reporting")]
    public async Task InitScript_Role_CannotConnectToAnotherServicesDatabase(string role, string passwordSetting, string database)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => cluster.OpenAsync(role, database, passwordSetting));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task InitScript_OrderReader_ReadsWhatOrderMigrationsCreateLater_ButCannotWrite()
    {
        // What the order service's migrations do later, as shop_order: a schema of its own and tables in it.
        await using (var owner = await cluster.OpenAsync("shop_order", "shop_order", "SHOP_ORDER_DB_PASSWORD"))
        {
            await using var create = new NpgsqlCommand(
                "CREATE SCHEMA reader_probe; CREATE TABLE reader_probe.orders (id int); INSERT INTO reader_probe.orders VALUES (7)", owner);
            await create.ExecuteNonQueryAsync();
        }

        await using var reader = await cluster.OpenAsync("shop_order_reader", "shop_order", "SHOP_ORDER_READER_DB_PASSWORD");
        await using var select = new NpgsqlCommand("SELECT id FROM reader_probe.orders", reader);
        await using var insert = new NpgsqlCommand("INSERT INTO reader_probe.orders VALUES (8)", reader);

        Assert.Equal(7, await select.ExecuteScalarAsync());
        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public void InitScript_File_IsExecutable()
    {
        // The image runs executable scripts in a shell of their own and sources the others into its entrypoint.
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Repository.PathOf(InitScript)).HasFlag(UnixFileMode.UserExecute));
        }
    }

    /// <summary>A PostgreSQL cluster in a temporary folder, initialised by the script with the sentinel passwords.</summary>
    public sealed class InitializedCluster : IAsyncLifetime
    {
        private readonly int _port = FreePort.Next();
        private readonly Dictionary<string, string> _passwords = ComposeProject.SecretNames()
            .ToDictionary(name => name, ComposeProject.Sentinel, StringComparer.Ordinal);
        private DirectoryInfo? _directory;

        private static string Binaries => Environment.GetEnvironmentVariable("SHOP_TEST_PG_BIN") is { Length: > 0 } configured
            ? configured
            : "/usr/lib/postgresql/15/bin";

        public async Task<NpgsqlConnection> OpenAsync(string role, string database, string passwordSetting)
        {
            var connection = new NpgsqlConnection(
                $"Host=127.0.0.1;Port={_port};Database={database};Username={role};Password={_passwords[passwordSetting]};Pooling=false");
            try
            {
                await connection.OpenAsync();
                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public async Task InitializeAsync()
        {
            Assert.True(File.Exists(Path.Combine(Binaries, "initdb")),
                $"PostgreSQL server binaries not found in {Binaries}; set SHOP_TEST_PG_BIN (ensure_docker_tools does).");
            // initdb and the server refuse to run as root; like deploy/local/servers.sh, this runs them as postgres.
            Assert.True(Environment.UserName == "root", "this test starts a PostgreSQL cluster as the postgres user, which needs root");
            _directory = Directory.CreateTempSubdirectory("shop-pginit-");
            var data = Path.Combine(_directory.FullName, "data");
            await MustSucceedAsync("chown", ["postgres:postgres", _directory.FullName]);
            await MustSucceedAsync("runuser", ["-u", "postgres", "--", Path.Combine(Binaries, "initdb"), "-D", data, "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale"]);
            await MustSucceedAsync("runuser", ["-u", "postgres", "--", Path.Combine(Binaries, "pg_ctl"), "-D", data, "-l", Path.Combine(_directory.FullName, "log"),
                "-w", "-t", "60", "start", "-o", $"-c listen_addresses=127.0.0.1 -p {_port} -c unix_socket_directories={_directory.FullName}"]);

            // As the image's entrypoint runs it: psql over the socket as the superuser, passwords in the environment.
            var environment = new Dictionary<string, string>(_passwords, StringComparer.Ordinal)
            {
                ["PGHOST"] = _directory.FullName,
                ["PGPORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["POSTGRES_USER"] = "postgres",
            };
            var script = await ContainerTools.RunAsync("bash", [Repository.PathOf(InitScript)], _directory.FullName, ComposeProject.IsolatedVariablePrefixes, environment);
            Assert.True(script.ExitCode == 0, $"{InitScript} failed: {script.Describe()}");
        }

        public async Task DisposeAsync()
        {
            if (_directory is null)
            {
                return;
            }
            await ContainerTools.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(_directory.FullName, "data"),
                "-m", "immediate", "-w", "stop"], _directory.FullName);
            _directory.Delete(recursive: true);
        }

        private async Task MustSucceedAsync(string executable, IEnumerable<string> arguments)
        {
            var result = await ContainerTools.RunAsync(executable, arguments, _directory!.FullName);
            Assert.True(result.ExitCode == 0, $"{executable} failed: {result.Describe()}");
        }
    }
}
