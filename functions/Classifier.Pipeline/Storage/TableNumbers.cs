namespace Classifier.Pipeline.Storage;

/// <summary>Reading numbers back: the table service stores a whole double (30.0) as an Int32 unless it is told otherwise.</summary>
public static class TableNumbers
{
    public static double? Double(Azure.Data.Tables.TableEntity entity, string key) =>
        entity.TryGetValue(key, out var value) && value is not null ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static long Long(Azure.Data.Tables.TableEntity entity, string key) =>
        entity.TryGetValue(key, out var value) && value is not null ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
}
