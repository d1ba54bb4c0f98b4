{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Assistance]]</h1>
{{#RUNS_INTRO}}<p>[[Chaque appel, courriel ou question au guichet devient un ticket. Les délais se comptent en heures d'ouverture du centre d'assistance (8 h 30 – 16 h 30, jours ouvrés).]]</p>{{/RUNS_INTRO}}
{{#FOLLOWS_INTRO}}<p>[[Posez une question au centre d'assistance de la plateforme et suivez ici les tickets que vous avez ouverts, ou ceux délégués à votre groupe.]]</p>{{/FOLLOWS_INTRO}}
<p><a class="button" href="/agent/assistance/nouveau">[[Nouveau ticket]]</a>{{#RUNS}} <a href="/agent/assistance/groupes">[[Groupes]]</a>{{/RUNS}}</p>
{{#RUNS}}<form action="/agent/assistance" method="get" class="card" role="search">
<div class="field"><label for="etat">[[État]]</label><select id="etat" name="etat"><option value="">[[à traiter]]</option>{{#STATE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/STATE_OPTION}}</select></div>
<div class="field"><label for="groupe">[[Groupe]]</label><select id="groupe" name="groupe"><option value="">[[tous]]</option>{{#GROUP_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/GROUP_OPTION}}</select></div>
<div class="field"><label for="q">[[Référence, objet ou appelant]]</label><input id="q" name="q" type="search" maxlength="100" value="{{Q}}"></div>
<div class="field"><input id="miens" name="miens" type="checkbox" value="1"{{#MINE}} checked{{/MINE}}> <label for="miens">[[Seulement les miens]]</label></div>
<p class="actions"><button type="submit" class="button">[[Filtrer]]</button></p>
</form>{{/RUNS}}
{{#OVERDUE_COUNT}}<p class="alert" role="status">[[Tickets en retard sur leur délai :]] {{N}}</p>{{/OVERDUE_COUNT}}
{{#NONE}}<p>[[Aucun ticket.]]</p>{{/NONE}}
{{#SOME}}<table>
<caption>[[Tickets]]</caption>
<thead><tr><th scope="col">[[Référence]]</th><th scope="col">[[Objet]]</th><th scope="col">[[État]]</th><th scope="col">[[Sujet]]</th><th scope="col">[[Canal]]</th><th scope="col">[[Appelant]]</th><th scope="col">[[Commune]]</th><th scope="col">[[Suivi par]]</th><th scope="col">[[Ouvert le]]</th><th scope="col">[[Délai]]</th></tr></thead>
<tbody>
{{#TICKET}}<tr><th scope="row"><a href="/agent/assistance/{{ID}}">{{REF}}</a></th><td>{{SUBJECT}}</td><td>{{STATE}}</td><td>{{TOPIC}}</td><td>{{CHANNEL}}</td><td>{{CALLER}}</td><td>{{COMMUNE}}</td><td>{{WHO}}</td><td>{{CREATED}}</td><td>{{#OVERDUE}}<strong class="overdue">[[en retard]]</strong>{{/OVERDUE}}{{#PAUSED}} [[(horloge en pause)]]{{/PAUSED}}</td></tr>
{{/TICKET}}
</tbody>
</table>{{/SOME}}
{{>FOOTER}}
