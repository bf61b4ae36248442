/*
 * Runs queries through the Trino JDBC driver (run as a single-file program: java -cp trino-jdbc.jar
 * TrinoJdbcProbe.java URL USER < queries). One query per input line; per query one JSON line out:
 * {"sql":..., "types":[getColumnTypeName...], "rows":[[getString...]...]} or {"sql":..., "error":...}.
 * getObject is read for every cell too, so a value the driver cannot decode fails the query.
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

public class TrinoJdbcProbe {
    static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Connection connection = DriverManager.getConnection(args[0], properties)) {
            String sql;
            while ((sql = input.readLine()) != null) {
                if (sql.isBlank()) continue;
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                    ResultSetMetaData meta = rows.getMetaData();
                    List<String> types = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) types.add(quote(meta.getColumnTypeName(i)));
                    List<String> out = new ArrayList<>();
                    while (rows.next()) {
                        List<String> cells = new ArrayList<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            rows.getObject(i);
                            cells.add(quote(rows.getString(i)));
                        }
                        out.add("[" + String.join(",", cells) + "]");
                    }
                    System.out.println("{\"sql\":" + quote(sql) + ",\"types\":[" + String.join(",", types) + "],\"rows\":[" + String.join(",", out) + "]}");
                } catch (Exception e) {
                    System.out.println("{\"sql\":" + quote(sql) + ",\"error\":" + quote(e.toString()) + "}");
                }
            }
        }
    }
}
