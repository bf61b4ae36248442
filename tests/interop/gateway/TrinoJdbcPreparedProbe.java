/*
 * Runs parameterised queries through the Trino JDBC driver's PreparedStatement with the driver's
 * default settings (PREPARE, then EXECUTE ... USING per executeQuery). Run as a single-file
 * program: java -cp trino-jdbc.jar TrinoJdbcPreparedProbe.java URL USER < requests. One request per
 * input line, tab-separated: the SQL, then parameters as int:N, long:N or string:TEXT. The same SQL
 * on a later line reuses its PreparedStatement. Per request one JSON line out:
 * {"sql":..., "names":[...], "types":[...], "rows":[[getString...]...]} or {"sql":..., "error":...}.
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

public class TrinoJdbcPreparedProbe {
    static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    static void bind(PreparedStatement statement, int index, String parameter) throws Exception {
        int colon = parameter.indexOf(':');
        String kind = parameter.substring(0, colon);
        String value = parameter.substring(colon + 1);
        switch (kind) {
            case "int" -> statement.setInt(index, Integer.parseInt(value));
            case "long" -> statement.setLong(index, Long.parseLong(value));
            case "string" -> statement.setString(index, value);
            default -> throw new IllegalArgumentException("unknown parameter kind " + kind);
        }
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<String, PreparedStatement> statements = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(args[0], properties)) {
            String line;
            while ((line = input.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] fields = line.split("\t", -1);
                String sql = fields[0];
                try {
                    PreparedStatement statement = statements.get(sql);
                    if (statement == null) {
                        statement = connection.prepareStatement(sql);
                        statements.put(sql, statement);
                    }
                    statement.clearParameters();
                    for (int i = 1; i < fields.length; i++) bind(statement, i, fields[i]);
                    try (ResultSet rows = statement.executeQuery()) {
                        ResultSetMetaData meta = rows.getMetaData();
                        List<String> names = new ArrayList<>();
                        List<String> types = new ArrayList<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            names.add(quote(meta.getColumnName(i)));
                            types.add(quote(meta.getColumnTypeName(i)));
                        }
                        List<String> out = new ArrayList<>();
                        while (rows.next()) {
                            List<String> cells = new ArrayList<>();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                rows.getObject(i);
                                cells.add(quote(rows.getString(i)));
                            }
                            out.add("[" + String.join(",", cells) + "]");
                        }
                        System.out.println("{\"sql\":" + quote(sql) + ",\"names\":[" + String.join(",", names) + "],\"types\":["
                                + String.join(",", types) + "],\"rows\":[" + String.join(",", out) + "]}");
                    }
                } catch (Exception e) {
                    System.out.println("{\"sql\":" + quote(sql) + ",\"error\":" + quote(e.toString()) + "}");
                }
            }
            for (PreparedStatement statement : statements.values()) statement.close();
        }
    }
}
