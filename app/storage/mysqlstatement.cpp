// SPDX-License-Identifier: GPL-2.0-or-later
#include "mysqlstatement.h"

#include <mysql.h>

#include <cstring>

namespace memtap {

namespace {

constexpr unsigned long initialBufferSize = 256;

bool isIntegerType(enum_field_types type)
{
    switch (type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
        return true;
    default:
        return false;
    }
}

} // namespace

MysqlStatement::MysqlStatement(MYSQL *mysql, const QByteArray &sql)
    : m_mysql(mysql)
{
    if (!mysql) {
        m_error = QStringLiteral("no MySQL connection");
        return;
    }
    m_statement = mysql_stmt_init(mysql);
    if (!m_statement) {
        m_error = QString::fromUtf8(mysql_error(mysql));
        return;
    }
    if (mysql_stmt_prepare(m_statement, sql.constData(), sql.size()))
        fail();
}

MysqlStatement::~MysqlStatement()
{
    if (m_statement)
        mysql_stmt_close(m_statement);
}

bool MysqlStatement::fail()
{
    m_error = QString::fromUtf8(mysql_stmt_error(m_statement));
    if (m_error.isEmpty())
        m_error = QString::fromUtf8(mysql_error(m_mysql));
    return false;
}

void MysqlStatement::addInt64(std::int64_t value)
{
    m_parameters.push_back(value);
}

bool MysqlStatement::execute()
{
    if (!m_statement || hasError())
        return false;
    std::vector<MYSQL_BIND> parameters(m_parameters.size());
    std::memset(parameters.data(), 0, parameters.size() * sizeof(MYSQL_BIND));
    for (std::size_t i = 0; i < m_parameters.size(); ++i) {
        parameters[i].buffer_type = MYSQL_TYPE_LONGLONG;
        parameters[i].buffer = &m_parameters[i];
    }
    if ((!parameters.empty() && mysql_stmt_bind_param(m_statement, parameters.data()))
        || mysql_stmt_execute(m_statement))
        return fail();

    MYSQL_RES *metadata = mysql_stmt_result_metadata(m_statement);
    if (!metadata)
        return true; // no result set
    const unsigned int count = mysql_num_fields(metadata);
    MYSQL_FIELD *fields = mysql_fetch_fields(metadata);
    m_columns.assign(count, Column());
    m_resultBinds.assign(count * sizeof(MYSQL_BIND), 0);
    auto *binds = reinterpret_cast<MYSQL_BIND *>(m_resultBinds.data());
    for (unsigned int c = 0; c < count; ++c) {
        Column &column = m_columns[c];
        MYSQL_BIND &bind = binds[c];
        column.isInteger = isIntegerType(fields[c].type);
        if (column.isInteger) {
            bind.buffer_type = MYSQL_TYPE_LONGLONG;
            bind.buffer = &column.integer;
            bind.is_unsigned = (fields[c].flags & UNSIGNED_FLAG) != 0;
        } else {
            column.data.resize(initialBufferSize);
            bind.buffer_type = MYSQL_TYPE_BLOB;
            bind.buffer = column.data.data();
            bind.buffer_length = initialBufferSize;
        }
        bind.length = &column.length;
        bind.is_null = reinterpret_cast<my_bool *>(&column.isNull);
        bind.error = reinterpret_cast<my_bool *>(&column.error);
    }
    mysql_free_result(metadata);
    if (mysql_stmt_bind_result(m_statement, binds))
        return fail();
    return true;
}

bool MysqlStatement::next()
{
    if (!m_statement || hasError() || m_columns.empty())
        return false;
    const int code = mysql_stmt_fetch(m_statement);
    if (code == MYSQL_NO_DATA)
        return false;
    if (code == 1)
        return fail();
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        Column &column = m_columns[c];
        column.longValue.clear();
        if (column.isInteger || column.isNull || column.length <= initialBufferSize)
            continue;
        // Longer than the buffer (a command line): fetch it whole.
        column.longValue = QByteArray(qsizetype(column.length), Qt::Uninitialized);
        MYSQL_BIND bind;
        std::memset(&bind, 0, sizeof(bind));
        bind.buffer_type = MYSQL_TYPE_BLOB;
        bind.buffer = column.longValue.data();
        bind.buffer_length = column.length;
        if (mysql_stmt_fetch_column(m_statement, &bind, unsigned(c), 0))
            return fail();
    }
    return true;
}

std::int64_t MysqlStatement::int64(int column) const
{
    return m_columns[std::size_t(column)].integer;
}

bool MysqlStatement::isNull(int column) const
{
    return m_columns[std::size_t(column)].isNull != 0;
}

QByteArray MysqlStatement::bytes(int column) const
{
    const Column &c = m_columns[std::size_t(column)];
    if (c.isNull)
        return {};
    if (c.length > initialBufferSize)
        return c.longValue;
    return QByteArray(c.data.constData(), qsizetype(c.length));
}

} // namespace memtap
